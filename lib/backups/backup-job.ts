import type { StepReporter } from '../jobs/step-reporter';
import { withRepository } from './open-repository';
import { ensureRepository } from './repository';
import { backupTenant } from './backup-tenant';

export const BACKUP_JOB_STEPS = ['repository', 'snapshot'] as const;

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** The `backup` job: open the repository, then one snapshot of the tenant. */
export async function runBackupJob(job: { id: string; customerId: string; trigger?: 'manual' | 'schedule' }, r: StepReporter): Promise<void> {
  await r.step('repository', () => withRepository((repo) => ensureRepository(repo)), (o) => (o.created ? 'Repository created' : 'Repository opened'));
  await r.step(
    'snapshot',
    () => backupTenant(job.customerId, { jobId: job.id, trigger: job.trigger ?? 'manual', onProgress: (m) => void r.report('snapshot', 'running', m) }),
    (o) => `Snapshot ${o.snapshotId}: ${mb(o.sizeBytes)} read, ${mb(o.addedBytes)} added, paused ${o.pauseMs ?? 0} ms`,
  );
}
