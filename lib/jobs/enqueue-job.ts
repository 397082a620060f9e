import 'server-only';
import type { Actor } from '../auth/actor';
import { recordAudit } from '../audit/record';
import { db } from '../db';
import { AppError } from '../errors';
import type { Prisma } from '../generated/prisma/client';
import { JOB_STEPS, KEEPS_FAILED_MARKER, STATUS_WHILE_RUNNING, type JobKind } from './job-kinds';
import { toJobView, type JobView } from './job-view';
import { scheduleJob } from './runner';

type Tx = Prisma.TransactionClient;

const ACTIVE_STATES = ['queued', 'running'];

/**
 * Creates a job row with all its steps pending, inside the caller's transaction
 * when given. One job per customer: a second one is refused with 409 naming the
 * running job. SQLite serialises write transactions, so the check and the insert
 * cannot interleave with another enqueue.
 */
export async function createJob(tx: Tx, actor: Actor, customerId: string, kind: JobKind): Promise<JobView> {
  const running = await tx.job.findFirst({ where: { customerId, state: { in: ACTIVE_STATES } } });
  if (running) {
    throw new AppError('JOB_RUNNING', `A ${running.kind} job (${running.id}) is still ${running.state} for this customer; wait for it to finish.`, {
      job_id: running.id,
      kind: running.kind,
    });
  }
  const job = await tx.job.create({
    data: {
      customerId,
      kind,
      actor: actor.username,
      steps: { create: JOB_STEPS[kind].map((name, position) => ({ name, position })) },
    },
    include: { steps: true },
  });
  const status = STATUS_WHILE_RUNNING[kind];
  await tx.customer.update({
    where: { id: customerId },
    data: { ...(status ? { status, statusReason: null } : {}), ...(KEEPS_FAILED_MARKER.has(kind) ? {} : { failedJobId: null }) },
  });
  return toJobView(job);
}

/** Queues an operation on an existing customer, audited. */
export async function enqueueJob(actor: Actor, customerId: string, kind: JobKind): Promise<JobView> {
  const job = await db().$transaction(async (tx) => {
    const customer = await tx.customer.findUnique({ where: { id: customerId } });
    if (!customer) throw new AppError('NOT_FOUND', 'Customer not found.');
    if (customer.status === 'deleting' && kind !== 'delete') throw new AppError('CONFLICT', 'This customer is being deleted.');
    if (kind !== 'deploy' && kind !== 'redeploy' && kind !== 'delete' && customer.status === 'pending') {
      throw new AppError('CONFLICT', 'This customer has not been deployed yet: deploy it first.');
    }
    const created = await createJob(tx, actor, customerId, kind);
    await recordAudit(actor, { action: `customer.${kind}`, target: `customer:${customer.subdomain}`, details: { job_id: created.id } }, tx);
    return created;
  });
  scheduleJob(job.id);
  return job;
}
