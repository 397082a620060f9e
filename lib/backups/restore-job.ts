import { managementServiceOf } from '../netbird/stack-spec';
import { db } from '../db';
import type { StepReporter } from '../jobs/step-reporter';
import { AppError, isAppError } from '../errors';
import { deployStack } from '../netbird/deploy-stack';
import { healthTimeoutMs } from '../health/health-timeout';
import { waitForHealthy } from '../health/stack-health';
import { ensureProxyForTenant } from '../jobs/proxy-step';
import { getSettings } from '../settings/store';
import { tenantEngine } from '../netbird/tenant-engine';
import { log } from '../log';
import { serviceContainer, startContainer, stopContainer } from './container-files';
import { managementDataDir, openStaging } from './host-data';
import { withRepository } from './open-repository';
import { stageSnapshotData, verifySnapshot, type VerifiedSnapshot } from './restore-data';
import { takeSafetySnapshot } from './safety-snapshot';
import { applyRecord } from './apply-record';
import { RESTORE_MODES } from './schemas';
import { isOneOf } from '../one-of';

export const RESTORE_JOB_STEPS = ['safety', 'verify', 'record', 'deploy', 'data', 'health', 'proxy', 'activate'] as const;

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** A failure before anything of the running tenant was changed: its status stays as it was. */
function untouched(err: unknown): unknown {
  if (!isAppError(err)) return err;
  return new AppError(err.code, err.message, { ...(typeof err.details === 'object' ? err.details : {}), customer_untouched: true });
}

/**
 * The `restore` job. Its request (snapshot, mode) is the job's `restore` row in the Backup table.
 * Order: safety snapshot (in place) → read and verify the whole snapshot → record and secrets →
 * deploy the stack with them → write the data into a staging directory on the tenant's host,
 * then stop management, swap it in, start it → health → proxy host → active. Nothing is changed
 * before the verify step has passed; the data directory is replaced only by a complete archive.
 */
export async function runRestoreJob(job: { id: string; customerId: string }, r: StepReporter): Promise<void> {
  const request = await db().backup.findFirst({ where: { jobId: job.id, kind: 'restore' } });
  if (!request?.snapshotId) throw new AppError('NOT_FOUND', 'The restore request of this job is missing.');
  const mode = request.trigger;
  if (!isOneOf(RESTORE_MODES, mode)) throw new AppError('INTERNAL', `The restore request of this job has an unknown mode "${mode}".`);
  const snapshotId = request.snapshotId;
  const started = Date.now();
  const healthMs = await healthTimeoutMs();
  let recorded = false;
  try {
    await withRepository(async (repo) => {
      let verified: VerifiedSnapshot;
      try {
        if (mode === 'in_place') {
          await r.step('safety', () => takeSafetySnapshot(job.customerId, job.id), (o) => ('skipped' in o ? { skipped: o.skipped } : o.message));
        } else await r.report('safety', 'skipped', 'Not needed: a new customer has no current state');
        verified = await r.step('verify', () => verifySnapshot(repo, snapshotId), (v) => `Snapshot ${v.snapshot.short_id} of ${v.record.customer.subdomain} (${v.record.layout} layout): ${v.files} files, ${mb(v.bytes)}, every block verified`);
        if (mode === 'in_place') await assertSameTenant(job.customerId, snapshotId, verified);
      } catch (err) {
        throw mode === 'in_place' ? untouched(err) : err;
      }
      recorded = true;
      const record = verified.record;
      await r.step('record', () => applyRecord(job.customerId, record, mode), (m) => m);
      const { spec } = await r.step('deploy', () => deployStack(job.customerId, { healthTimeoutMs: healthMs }), () => 'Stack deployed with the restored secrets');
      await r.step('data', async () => {
        const engine = await tenantEngine(job.customerId);
        const management = await serviceContainer(engine, job.customerId, managementServiceOf(spec.layout));
        // The snapshot goes into a staging directory beside the data while management runs on;
        // only a complete, checked archive replaces the data, during a short stop of management.
        const staging = await openStaging(managementDataDir(engine, spec));
        try {
          const written = await stageSnapshotData(repo, verified, staging);
          await stopContainer(engine, management);
          try {
            await staging.swap();
          } finally {
            await startContainer(engine, management);
          }
          return written;
        } finally {
          await staging.discard().catch((err: unknown) => log.warn('could not remove a restore staging directory', { customerId: job.customerId, error: err instanceof Error ? err.message : String(err) }));
        }
      }, (o) => `${o.files} files, ${mb(o.bytes)} written to management`);
      await r.step('health', async () => {
        const health = await waitForHealthy(await tenantEngine(job.customerId), spec, healthMs);
        return `${health.services.filter((s) => s.healthy).length}/${health.services.length} services healthy`;
      }, (m) => m);
      const settings = await getSettings();
      await r.step('proxy', () => ensureProxyForTenant(spec, settings), (m) => m);
      await r.step('activate', () =>
        db().customer.update({ where: { id: job.customerId }, data: { status: 'active', statusReason: null, desiredState: 'running', failedJobId: null } }),
      );
    });
    await db().backup.update({ where: { id: request.id }, data: { state: 'succeeded', durationMs: Date.now() - started, finishedAt: new Date() } });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await db().backup.update({ where: { id: request.id }, data: { state: 'failed', error: message.slice(0, 2000), durationMs: Date.now() - started, finishedAt: new Date() } });
    if (mode === 'new_customer' && !recorded) await removeUnfilledCustomer(job.customerId);
    throw err;
  }
}

/** In place: the snapshot must be this customer's, in the layout it runs now. */
async function assertSameTenant(customerId: string, snapshotId: string, verified: VerifiedSnapshot): Promise<void> {
  const { record } = verified;
  if (record.customer.id !== customerId) {
    throw new AppError('CONFLICT', `Snapshot ${snapshotId} belongs to ${record.customer.subdomain}, not to this customer: restore it as a new customer instead.`);
  }
  const customer = await db().customer.findUnique({ where: { id: customerId }, select: { layout: true } });
  if (customer && customer.layout !== record.layout) {
    throw new AppError('CONFLICT', `Snapshot ${snapshotId} was taken in the ${record.layout} layout; this tenant now runs the ${customer.layout} layout: restore it as a new customer instead.`);
  }
}

/**
 * A "restore as new customer" that failed before the snapshot's record was applied leaves a
 * customer with nothing in it (no deployment, no containers): it is removed, freeing its subdomain.
 */
async function removeUnfilledCustomer(customerId: string): Promise<void> {
  await db().customer.deleteMany({ where: { id: customerId, deployment: null } }).catch((err: unknown) => log.warn('could not remove the customer of a failed restore', { customerId, error: err instanceof Error ? err.message : String(err) }));
}
