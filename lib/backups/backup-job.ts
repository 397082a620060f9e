import { db } from '../db';
import type { StepReporter } from '../jobs/step-reporter';
import { log } from '../log';
import { withRepository } from './open-repository';
import { ensureRepository } from './repository';
import { backupTenant } from './backup-tenant';

export const BACKUP_JOB_STEPS = ['repository', 'snapshot'] as const;

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** The `backup` job: open the repository, then one snapshot of the tenant. */
export async function runBackupJob(job: { id: string; customerId: string; trigger?: 'manual' | 'schedule' }, r: StepReporter): Promise<void> {
  try {
    await r.step('repository', () => withRepository((repo) => ensureRepository(repo)), (o) => (o.created ? 'Repository created' : 'Repository opened'));
    await r.step(
      'snapshot',
      () => backupTenant(job.customerId, { jobId: job.id, trigger: job.trigger ?? 'manual', onProgress: (m) => r.progress('snapshot', m) }),
      (o) => `Snapshot ${o.snapshotId}: ${mb(o.sizeBytes)} read, ${mb(o.addedBytes)} added, paused ${o.pauseMs ?? 0} ms`,
    );
  } catch (err) {
    await recordFailedRun(job, err);
    throw err;
  }
}

/**
 * The dashboard card and the backup watch read Backup rows only: a run that failed before
 * backupTenant created its row (wrong password, unreachable repository, no such tenant data)
 * still leaves one, failed with the reason, so the failure shows at once and not as "overdue" later.
 */
async function recordFailedRun(job: { id: string; customerId: string; trigger?: 'manual' | 'schedule' }, err: unknown): Promise<void> {
  const message = err instanceof Error ? err.message : String(err);
  try {
    if (await db().backup.findFirst({ where: { jobId: job.id }, select: { id: true } })) return;
    const customer = await db().customer.findUnique({ where: { id: job.customerId }, select: { subdomain: true } });
    const now = new Date();
    await db().backup.create({
      data: { kind: 'tenant', customerId: job.customerId, subdomain: customer?.subdomain ?? null, jobId: job.id, trigger: job.trigger ?? 'manual', state: 'failed', error: message.slice(0, 2000), durationMs: 0, startedAt: now, finishedAt: now },
    });
  } catch (recordErr) {
    log.error('could not record the failed backup', { job: job.id, error: recordErr instanceof Error ? recordErr.message : String(recordErr) });
  }
}
