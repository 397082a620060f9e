import 'server-only';
import { db } from '../db';
import { healthTimeoutMs as healthTimeoutFromSettings } from '../health/health-timeout';
import { waitForHealthy } from '../health/stack-health';
import { finishJob } from '../jobs/finish-job';
import { StepReporter } from '../jobs/step-reporter';
import { log } from '../log';
import { deployStack } from './deploy-stack';
import { loadStackSpec } from './load-stack-spec';
import { checkMigratable, returnToClassic, verifyMigrated } from './migrate-layout';
import { tenantEngine } from './tenant-engine';

const RESTARTED = 'The appliance restarted during this migration';
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

type StepStates = Map<string, string>;

async function setCustomer(customerId: string, error: string | null, jobId: string): Promise<void> {
  await db().customer.update({
    where: { id: customerId },
    data: error ? { status: 'error', statusReason: error.slice(0, 1000), failedJobId: jobId } : { status: 'active', statusReason: null, failedJobId: null },
  });
}

/**
 * The combined stack had passed its health gate before the crash: it must still be healthy, run on
 * the tenant's data (the migration's own verify step) and then the layout is recorded, as the
 * migration would have done. Throws when any of that fails; the caller then goes back to classic.
 */
async function finishMigration(customerId: string, r: StepReporter, healthTimeoutMs: number): Promise<void> {
  await r.step('verify', async () => {
    const before = await checkMigratable(customerId);
    const spec = await loadStackSpec(customerId, { layout: 'combined' });
    await waitForHealthy(await tenantEngine(customerId), spec, healthTimeoutMs);
    return `${RESTARTED}; the combined stack is healthy. ${await verifyMigrated(customerId, spec, before)}`;
  }, (m) => m);
  await r.step('record', () => db().customer.update({ where: { id: customerId }, data: { layout: 'combined' } }), () => 'Layout: combined');
  await r.report('rollback', 'skipped', 'Not needed');
}

/** Back on the classic containers with the data of the migration's snapshot (the documented way back). */
async function backToClassic(customerId: string, jobId: string, healthTimeoutMs: number): Promise<string> {
  const backup = await db().backup.findFirst({ where: { jobId, state: 'succeeded', snapshotId: { not: null } }, orderBy: { startedAt: 'desc' } });
  if (backup?.snapshotId) return returnToClassic(customerId, backup.snapshotId, healthTimeoutMs);
  // The deploy starts only after the backup succeeded; without its record the data was not touched by this job.
  await deployStack(customerId, { healthTimeoutMs }, 'classic');
  return 'Classic containers running (no snapshot of this migration was recorded: the data was left as it is)';
}

/**
 * One migrate job the previous process left open. Its steps say how far it got (each step is
 * recorded `running` before it begins): deploy not begun → nothing of the stack changed; the
 * layout already recorded → done; the combined stack through its health gate (deploy succeeded,
 * no rollback begun) → verified and finished; anything else (the classic stack retired or stopped,
 * the combined one not yet healthy, a verify or rollback under way) → back on classic with the
 * snapshot's data. The tenant ends running and `active`, or `error` when even that fails.
 */
async function settleMigrationJob(job: { id: string; customerId: string | null }, steps: StepStates, healthTimeoutMs: number): Promise<'combined' | 'classic' | 'untouched' | 'failed'> {
  const customer = job.customerId ? await db().customer.findUnique({ where: { id: job.customerId }, select: { id: true, layout: true } }) : null;
  if (!customer) {
    await finishJob(job.id, `${RESTARTED}; the customer no longer exists.`);
    return 'failed';
  }
  const r = new StepReporter(job.id);
  const state = (name: string) => steps.get(name) ?? 'pending';
  if (customer.layout === 'combined') {
    await finishJob(job.id, null);
    await setCustomer(customer.id, null, job.id);
    return 'combined';
  }
  if (state('deploy') === 'pending') {
    await finishJob(job.id, `${RESTARTED} before the stack was changed; the tenant still runs classic. Run the migration again.`);
    await setCustomer(customer.id, null, job.id);
    return 'untouched';
  }
  let why = `${RESTARTED} before the combined stack had passed its health checks`;
  if (state('deploy') === 'succeeded' && state('rollback') === 'pending') {
    try {
      await finishMigration(customer.id, r, healthTimeoutMs);
      await r.flush();
      await finishJob(job.id, null);
      await setCustomer(customer.id, null, job.id);
      return 'combined';
    } catch (err) {
      why = `${RESTARTED}; the combined stack did not hold up after it: ${message(err)}`;
    }
  }
  try {
    await r.step('rollback', () => backToClassic(customer.id, job.id, healthTimeoutMs), (m) => m);
    await r.flush().catch(() => undefined);
    await finishJob(job.id, `Migration failed and was undone: ${why}`);
    await setCustomer(customer.id, null, job.id);
    return 'classic';
  } catch (err) {
    const both = `${why}; returning to the classic stack failed as well: ${message(err)}`;
    await r.flush().catch(() => undefined);
    await finishJob(job.id, both);
    await setCustomer(customer.id, both, job.id);
    return 'failed';
  }
}

/**
 * At start-up, after the backups' crash recovery (no paused container, no stale restic lock):
 * every classic → combined migration the previous process left open is settled, one at a time,
 * so the tenant is on a consistent, running stack before anything else touches it. Its job stays
 * open until then, which holds the one-job-per-customer lock. Returns what became of each.
 */
export async function recoverInterruptedMigrations(timeoutMs?: number): Promise<Record<string, string>> {
  const healthTimeoutMs = timeoutMs ?? (await healthTimeoutFromSettings());
  const jobs = await db().job.findMany({ where: { kind: 'migrate', state: { in: ['queued', 'running'] } }, include: { steps: true }, orderBy: { createdAt: 'asc' } });
  const outcome: Record<string, string> = {};
  for (const job of jobs) {
    const steps: StepStates = new Map(job.steps.map((s) => [s.name, s.state]));
    outcome[job.id] = await settleMigrationJob(job, steps, healthTimeoutMs).catch(async (err: unknown) => {
      log.error('settling an interrupted migration failed', { jobId: job.id, customerId: job.customerId, error: message(err) });
      await finishJob(job.id, `${RESTARTED}; settling it failed: ${message(err)}`).catch(() => undefined);
      return 'failed';
    });
  }
  if (jobs.length) log.warn('interrupted migrations settled', { outcome });
  return outcome;
}
