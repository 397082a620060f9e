import type { Actor } from '../auth/actor';
import { recordAudit } from '../audit/record';
import { db } from '../db';
import { createJob, enqueueJob } from '../jobs/enqueue-job';
import type { JobView } from '../jobs/job-view';
import { scheduleJob } from '../jobs/runner';
import { AppError } from '../errors';
import { Prisma } from '../generated/prisma/client';
import { withRepository } from './open-repository';
import { findSnapshot } from './restore-data';
import type { RestoreRequest } from './schemas';

/** "Back up now": a backup job, under the customer's one-job lock (409 naming a running job). */
export function startTenantBackup(actor: Actor, customerId: string): Promise<JobView> {
  return enqueueJob(actor, customerId, 'backup');
}

function subdomainTaken(subdomain: string): AppError {
  return new AppError('SUBDOMAIN_TAKEN', `The subdomain "${subdomain}" is already in use. Choose another.`, {
    fields: [{ path: 'subdomain', message: 'is already in use', code: 'conflict' }],
  });
}

/**
 * Queues a restore of `snapshotId`: in place onto `customerId`, or as a new customer under
 * another subdomain (created here, filled from the snapshot's record by the job). The request,
 * the job and the audit event are written in one transaction.
 */
export async function restoreSnapshot(actor: Actor, customerId: string, snapshotId: string, input: RestoreRequest): Promise<{ job: JobView; customer_id: string }> {
  await assertTenantSnapshot(snapshotId);
  let created: { job: JobView; customerId: string };
  try {
    created = await db().$transaction(async (tx) => {
      let targetId = customerId;
      if (input.mode === 'in_place') {
        const customer = await tx.customer.findUnique({ where: { id: customerId } });
        if (!customer) throw new AppError('NOT_FOUND', 'Customer not found: restore the snapshot as a new customer instead.');
        if (customer.status === 'pending' || customer.status === 'deleting') throw new AppError('CONFLICT', `Customer ${customer.subdomain} is ${customer.status}: it cannot be restored in place.`);
      } else {
        const subdomain = input.subdomain ?? '';
        const source = await tx.customer.findUnique({ where: { id: customerId } });
        const customer = await tx.customer.create({
          data: { name: source?.name ?? `Restored ${subdomain}`, subdomain, email: source?.email ?? 'restore@localhost.invalid', maxDevices: source?.maxDevices ?? 1, status: 'deploying' },
        });
        targetId = customer.id;
      }
      const job = await createJob(tx, actor, targetId, 'restore');
      if (input.mode === 'new_customer') await tx.customer.update({ where: { id: targetId }, data: { status: 'deploying' } });
      await tx.backup.create({ data: { kind: 'restore', customerId: targetId, jobId: job.id, snapshotId, trigger: input.mode, subdomain: input.subdomain ?? null } });
      const target = input.mode === 'in_place' ? `customer:${customerId}` : `customer:${input.subdomain}`;
      await recordAudit(actor, { action: 'customer.restore', target, details: { job_id: job.id, snapshot: snapshotId, mode: input.mode, source_customer: customerId } }, tx);
      return { job, customerId: targetId };
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002' && input.subdomain) throw subdomainTaken(input.subdomain);
    throw err;
  }
  scheduleJob(created.job.id);
  return { job: created.job, customer_id: created.customerId };
}

/**
 * The snapshot must exist and be a tenant's before anything is created: a new customer queued
 * for a snapshot that is not there would only fail later, its subdomain taken meanwhile.
 */
async function assertTenantSnapshot(snapshotId: string): Promise<void> {
  const field = (message: string) => ({ fields: [{ path: 'snapshot', message, code: 'invalid' }] });
  const snapshot = await withRepository((repo) => findSnapshot(repo, snapshotId)).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'NOT_FOUND') throw new AppError('NOT_FOUND', err.message, field('is not in the repository'));
    throw err;
  });
  if (!snapshot.tags?.includes('tenant') && !snapshot.tags?.includes('safety')) {
    throw new AppError('VALIDATION_FAILED', `Snapshot ${snapshot.short_id} is not a tenant backup (it is tagged ${(snapshot.tags ?? []).join(', ') || 'with nothing'}).`, field('is not a tenant backup'));
  }
}
