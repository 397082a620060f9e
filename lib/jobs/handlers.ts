import 'server-only';
import { runBackupJob } from '../backups/backup-job';
import { runRestoreJob } from '../backups/restore-job';
import { db } from '../db';
import { AppError, isAppError } from '../errors';
import { deployStack } from '../netbird/deploy-stack';
import { migrateToCombined } from '../netbird/migrate-layout';
import { moveTenant } from '../moves/move-tenant';
import { healthTimeoutMs } from '../health/health-timeout';
import { waitForHealthy } from '../health/stack-health';
import { restartTenantStack, startTenantStack, stopTenantStack } from '../netbird/operate-stack';
import { removeTenantStack } from '../netbird/remove-stack';
import type { TenantStackSpec } from '../netbird/stack-spec';
import { getSettings } from '../settings/store';
import { purgeRecordedTenantDir } from '../netbird/tenant-data-dir';
import { gatherSoon } from '../insight/scheduler';
import { refreshSnapshotAfterChange } from '../status/snapshot';
import { isJobKind } from './job-kinds';
import { ensureTenantOwner } from './owner-setup';
import { ensureProxyForTenant, removeProxyForTenant } from './proxy-step';
import type { StepReporter } from './step-reporter';
import { tenantEngine } from '../netbird/tenant-engine';

interface JobRow {
  id: string;
  kind: string;
  customerId: string | null;
  customer: { id: string; name: string; email: string; subdomain: string } | null;
}

/** Pull streams report many times a second; the job log needs one line a second at most. */
function throttle<T>(fn: (v: T) => void, everyMs: number): (v: T) => void {
  let last = 0;
  return (v) => {
    if (Date.now() - last < everyMs) return;
    last = Date.now();
    fn(v);
  };
}

async function markActive(customerId: string): Promise<void> {
  await db().customer.update({ where: { id: customerId }, data: { status: 'active', statusReason: null, desiredState: 'running', failedJobId: null } });
  // NetBird figures (and the service token) in the background: the job never waits on the tenant's API for them.
  gatherSoon(customerId);
}

async function runDeploy(customer: NonNullable<JobRow['customer']>, r: StepReporter): Promise<void> {
  const { spec } = await deployStack(customer.id, {
    healthTimeoutMs: await healthTimeoutMs(),
    onStep: (step, state, message) => r.note(step, state, message ?? null),
    onPullProgress: throttle((p) => r.progress('images', `Pulling ${p.image}: ${p.status}`.trim()), 1000),
  });
  await r.flush();
  const settings = await getSettings();
  await r.step('owner', () => ensureOwnerOrStop(spec, customer, settings), (m) => m);
  await r.step('proxy', () => ensureProxyForTenant(spec, settings), (m) => m);
  await r.step('activate', () => markActive(customer.id), () => `Ready at ${spec.publicUrl}`);
}

/** A tenant whose NetBird still offers its owner setup to anyone is stopped, not left running open. */
async function ensureOwnerOrStop(spec: TenantStackSpec, customer: NonNullable<JobRow['customer']>, settings: Awaited<ReturnType<typeof getSettings>>) {
  try {
    return await ensureTenantOwner(spec, customer, settings);
  } catch (err) {
    if (isAppError(err, 'TENANT_SETUP_OPEN')) await stopTenantStack(customer.id);
    throw err;
  }
}

async function waitHealthy(spec: TenantStackSpec): Promise<string> {
  const health = await waitForHealthy(await tenantEngine(spec.customerId), spec, await healthTimeoutMs());
  return `${health.services.filter((s) => s.healthy).length}/${health.services.length} services healthy`;
}

async function runOperation(kind: 'start' | 'stop' | 'restart', customerId: string, r: StepReporter): Promise<void> {
  if (kind === 'stop') {
    await r.step('stop', () => stopTenantStack(customerId), () => 'All containers stopped');
    await r.step('deactivate', () =>
      db().customer.update({ where: { id: customerId }, data: { status: 'inactive', statusReason: null, desiredState: 'stopped', failedJobId: null } }),
    );
    return;
  }
  const spec = await r.step(kind, () => (kind === 'start' ? startTenantStack(customerId) : restartTenantStack(customerId)));
  await r.step('health', () => waitHealthy(spec), (m) => m);
  await r.step('activate', () => markActive(customerId));
}

async function runDelete(customer: NonNullable<JobRow['customer']>, r: StepReporter): Promise<void> {
  const settings = await getSettings();
  await r.step('proxy', () => removeProxyForTenant(customer.id, customer.subdomain, settings), (m) => m);
  await r.step('containers', () => removeTenantStack(customer), () => 'Containers and network removed');
  // Only the directory the deployment recorded, never <current data_dir>/<sub> (issue 14, finding 5).
  await r.step('files', () => purgeRecordedTenantDir(customer), (m) => m);
  await r.step('record', () => db().customer.delete({ where: { id: customer.id } }));
}

/** Classic → combined; on failure the tenant is back on classic (lib/netbird/migrate-layout), then the job fails. */
async function runMigrate(jobId: string, customer: NonNullable<JobRow['customer']>, r: StepReporter): Promise<void> {
  await migrateToCombined(customer.id, r, { jobId, healthTimeoutMs: await healthTimeoutMs() });
  await markActive(customer.id);
}

/** Runs the job's work, reporting each step. Throws with the failing step's reason. */
export async function runJobHandler(job: JobRow, r: StepReporter): Promise<void> {
  const customer = job.customer;
  if (!customer) throw new AppError('NOT_FOUND', 'The customer of this job no longer exists.');
  try {
    const kind = job.kind;
    if (!isJobKind(kind)) throw new AppError('INTERNAL', `Job ${job.id} has an unknown kind: ${kind}`);
    if (kind === 'deploy' || kind === 'redeploy') await runDeploy(customer, r);
    else if (kind === 'delete') await runDelete(customer, r);
    else if (kind === 'backup') await runBackupJob({ id: job.id, customerId: customer.id }, r);
    else if (kind === 'restore') await runRestoreJob({ id: job.id, customerId: customer.id }, r);
    else if (kind === 'migrate') await runMigrate(job.id, customer, r);
    else if (kind === 'move') await moveTenant(job.id, r, { healthTimeoutMs: await healthTimeoutMs() });
    // Upgrade jobs are run by their plan (lib/fleet/run-plan), never from the queue.
    else if (kind === 'upgrade') throw new AppError('CONFLICT', 'An upgrade job runs only as part of its upgrade plan.');
    else await runOperation(kind, customer.id, r);
  } finally {
    // The status page should see the new container states at once, not at the next sync (nor in
    // a listing that began while the job was still stopping or starting them).
    await refreshSnapshotAfterChange();
  }
}
