import 'server-only';
import { SYSTEM_ACTOR, type Actor } from '../auth/actor';
import { recordAudit } from '../audit/record';
import { db } from '../db';
import { isAppError } from '../errors';
import { createJob } from '../jobs/enqueue-job';
import type { JobView } from '../jobs/job-view';
import { scheduleJob, waitForJob } from '../jobs/runner';
import { publishPlanChange } from './plan-events';
import type { TenantState } from './upgrade-steps';

export interface MigrateTarget {
  planId: string;
  actor?: Actor;
  /** How long one tenant's migrate job may take, queue wait included. */
  jobTimeoutMs: number;
}

async function setTenant(id: string, planId: string, data: { state: TenantState; reason?: string | null; jobId?: string; startedAt?: Date; finishedAt?: Date; downtimeMs?: number | null; rollbackMs?: number | null }): Promise<void> {
  await db().upgradeTenant.update({ where: { id }, data });
  publishPlanChange(planId);
}

const stepOf = (job: JobView, name: string) => job.steps.find((s) => s.name === name);

/**
 * What a finished migrate job means for the plan. Succeeded: the tenant is combined. Failed with
 * its rollback step done: the migration put the classic containers and the snapshot's data back
 * (lib/netbird/migrate-layout), the tenant runs classic: rolled back. Failed before the deploy
 * began (check, backup): nothing changed, but it counts as a failure. A failed rollback: failed.
 */
export function migrateOutcome(job: JobView): { state: TenantState; reason: string | null; downtimeMs: number | null; rollbackMs: number | null } {
  const deploy = stepOf(job, 'deploy');
  const rollback = stepOf(job, 'rollback');
  if (job.state === 'succeeded') return { state: 'succeeded', reason: null, downtimeMs: deploy?.duration_ms ?? null, rollbackMs: null };
  const error = job.error ?? `The migrate job ended ${job.state}`;
  if (rollback?.state === 'succeeded') return { state: 'rolled_back', reason: error, downtimeMs: null, rollbackMs: rollback.duration_ms };
  if (!deploy || deploy.state === 'pending' || deploy.state === 'skipped') return { state: 'failed', reason: `Not migrated: ${error}`, downtimeMs: null, rollbackMs: null };
  return { state: 'failed', reason: error, downtimeMs: null, rollbackMs: rollback?.duration_ms ?? null };
}

/**
 * One tenant of a layout plan: the customer's own `migrate` job (the one-job-per-customer lock,
 * its steps on the customer page, its notifications), run by the job queue and awaited here.
 * A rolled-back tenant runs classic and healthy (the migration checked it): its status goes back
 * to active, and the plan counts it against the failure budget.
 */
export async function migrateTenant(row: { id: string; customerId: string }, target: MigrateTarget): Promise<TenantState> {
  const { planId } = target;
  const actor = target.actor ?? SYSTEM_ACTOR;
  let jobId: string;
  try {
    jobId = await db().$transaction(async (tx) => {
      const { subdomain } = await tx.customer.findUniqueOrThrow({ where: { id: row.customerId }, select: { subdomain: true } });
      const job = await createJob(tx, actor, row.customerId, 'migrate');
      await recordAudit(actor, { action: 'customer.migrate', target: `customer:${subdomain}`, details: { job_id: job.id, plan_id: planId } }, tx);
      return job.id;
    });
  } catch (err) {
    if (!isAppError(err, 'JOB_RUNNING')) throw err;
    await setTenant(row.id, planId, { state: 'skipped', reason: err.message, finishedAt: new Date() });
    return 'skipped';
  }
  await setTenant(row.id, planId, { state: 'migrating', jobId, startedAt: new Date() });
  scheduleJob(jobId);
  const job = await waitForJob(jobId, target.jobTimeoutMs);
  if (!job || !['succeeded', 'failed', 'cancelled'].includes(job.state)) {
    const reason = `The migrate job ${jobId} did not finish within ${Math.round(target.jobTimeoutMs / 60_000)} minutes; see the customer's job.`;
    await setTenant(row.id, planId, { state: 'failed', reason, finishedAt: new Date() });
    return 'failed';
  }
  const outcome = migrateOutcome(job);
  if (outcome.state === 'rolled_back') {
    await db().customer.update({ where: { id: row.customerId }, data: { status: 'active', statusReason: null, failedJobId: null } });
  }
  await setTenant(row.id, planId, { ...outcome, finishedAt: new Date() });
  return outcome.state;
}
