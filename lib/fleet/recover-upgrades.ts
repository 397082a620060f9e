import 'server-only';
import { db } from '../db';
import { log } from '../log';
import { parseImageSet, changesDataImage } from './image-set';
import { isLayout } from '../netbird/layout';
import { migrateOutcome } from './migrate-tenant';
import { loadJobView } from '../jobs/job-view';
import { publishPlanChange } from './plan-events';
import { rollbackTenant } from './rollback-tenant';
import { IN_FLIGHT_STATES } from './upgrade-steps';

const CONCURRENCY = 3;
const RESTARTED = 'The appliance restarted during this upgrade';

/**
 * Start-up, before the job queue is recovered: plans that were running are paused (an operator
 * decides whether to go on after a crash), and returns the tenants the previous process left
 * mid-upgrade. Their upgrade jobs stay `running` until `settleInterruptedTenants` has finished
 * them, so no other job starts on those tenants meanwhile.
 */
export async function pauseInterruptedPlans(): Promise<{ id: string; planId: string; customerId: string }[]> {
  const plans = await db().upgradePlan.updateMany({ where: { state: 'running' }, data: { state: 'paused', stateReason: `${RESTARTED}: resume the plan to go on.` } });
  const tenants = await db().upgradeTenant.findMany({ where: { state: { in: [...IN_FLIGHT_STATES] } }, select: { id: true, planId: true, customerId: true } });
  if (plans.count || tenants.length) log.warn('interrupted upgrade plans paused', { plans: plans.count, tenants: tenants.length });
  return tenants;
}

async function finishJob(jobId: string | null, error: string): Promise<void> {
  if (!jobId) return;
  await db().jobStep.updateMany({ where: { jobId, state: { in: ['pending', 'running'] } }, data: { state: 'skipped' } });
  await db().job.updateMany({ where: { id: jobId, state: { in: ['queued', 'running'] } }, data: { state: 'failed', error, finishedAt: new Date() } });
}

/**
 * Rolls every tenant the previous process left mid-upgrade back to the images it ran before
 * (with its data snapshot when management's image changed). A tenant interrupted while its
 * snapshot was taken had nothing changed: it goes back to pending. Either way it ends running.
 */
async function settleOne(t: { id: string; planId: string; customerId: string }): Promise<void> {
  const row = await db().upgradeTenant.findUnique({ where: { id: t.id }, include: { plan: { select: { images: true, kind: true } } } });
  if (!row) return;
  if (row.plan.kind === 'migrate') return settleMigration(row);
  const from = parseImageSet(row.fromImages);
  const target = parseImageSet(row.plan.images);
  if (row.state === 'backup' || !from || !target) {
    await db().upgradeTenant.update({ where: { id: row.id }, data: { state: 'pending', jobId: null, startedAt: null, reason: null } });
    await finishJob(row.jobId, `${RESTARTED} (before anything changed).`);
    return;
  }
  const started = Date.now();
  try {
    const customer = await db().customer.findUnique({ where: { id: row.customerId }, select: { layout: true } });
    const layout = customer && isLayout(customer.layout) ? customer.layout : 'classic';
    const message = await rollbackTenant(row.customerId, from, row.snapshotId, changesDataImage(from, target, layout));
    await db().customer.update({ where: { id: row.customerId }, data: { status: 'active', statusReason: null } });
    await db().upgradeTenant.update({ where: { id: row.id }, data: { state: 'rolled_back', reason: `${RESTARTED}; rolled back. ${message}`, rollbackMs: Date.now() - started, finishedAt: new Date() } });
    await finishJob(row.jobId, `${RESTARTED}; rolled back to the previous images.`);
  } catch (err) {
    const reason = `${RESTARTED}; the rollback failed: ${err instanceof Error ? err.message : String(err)}`;
    await db().customer.update({ where: { id: row.customerId }, data: { status: 'error', statusReason: reason.slice(0, 1000) } });
    await db().upgradeTenant.update({ where: { id: row.id }, data: { state: 'failed', reason, rollbackMs: Date.now() - started, finishedAt: new Date() } });
    await finishJob(row.jobId, reason);
  }
  await db().upgradePlan.update({ where: { id: row.planId }, data: { failures: { increment: 1 } } });
  publishPlanChange(row.planId);
}

/**
 * A layout plan's tenant: its migrate job is the customer's own, and the start-up has already
 * settled it (lib/netbird/recover-migration: back on classic with its data, or finished when the
 * combined stack had passed its health gate). The finished job says what the plan records, as for
 * a migration that was not interrupted; a job still open (no migration recovery ran) is failed,
 * and the layout column (flipped only in the migration's last step) says where the tenant is.
 */
async function settleMigration(row: { id: string; planId: string; customerId: string; jobId: string | null }): Promise<void> {
  const job = row.jobId ? await loadJobView(row.jobId) : null;
  if (job && ['succeeded', 'failed', 'cancelled'].includes(job.state)) {
    const outcome = migrateOutcome(job);
    await db().upgradeTenant.update({ where: { id: row.id }, data: { ...outcome, reason: outcome.reason ?? (outcome.state === 'succeeded' ? `${RESTARTED}; finished after the restart.` : null), finishedAt: new Date() } });
    if (outcome.state !== 'succeeded') await db().upgradePlan.update({ where: { id: row.planId }, data: { failures: { increment: 1 } } });
    publishPlanChange(row.planId);
    return;
  }
  const customer = await db().customer.findUnique({ where: { id: row.customerId }, select: { layout: true } });
  const done = customer?.layout === 'combined';
  await db().upgradeTenant.update({
    where: { id: row.id },
    data: done
      ? { state: 'succeeded', reason: `${RESTARTED}; the layout had been recorded as combined.`, finishedAt: new Date() }
      : { state: 'failed', reason: `${RESTARTED}; the tenant is still classic: check it and redeploy it if it is not running.`, finishedAt: new Date() },
  });
  await finishJob(row.jobId, `${RESTARTED}.`);
  if (!done) await db().upgradePlan.update({ where: { id: row.planId }, data: { failures: { increment: 1 } } });
  publishPlanChange(row.planId);
}

export async function settleInterruptedTenants(tenants: { id: string; planId: string; customerId: string }[]): Promise<void> {
  const queue = [...tenants];
  async function worker(): Promise<void> {
    for (let t = queue.shift(); t; t = queue.shift()) {
      await settleOne(t).catch((err: unknown) => log.error('settling an interrupted upgrade failed', { customerId: t.customerId, error: String(err) }));
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

/** Both halves, for callers that do not start the job queue in between (tests). */
export async function recoverUpgrades(): Promise<number> {
  const tenants = await pauseInterruptedPlans();
  await settleInterruptedTenants(tenants);
  return tenants.length;
}
