import { Cron } from 'croner';
import { SYSTEM_ACTOR } from '../auth/actor';
import { db } from '../db';
import { enqueueJob } from '../jobs/enqueue-job';
import { sweepHelpers } from './recover-after-crash';
import { waitForJob } from '../jobs/runner';
import { isAppError } from '../errors';
import { log } from '../log';
import { backupAppliance } from './backup-appliance';
import { readBackupSettings } from './backup-settings';
import { runMaintenance } from './retention';
import { globalSingleton } from '../global-singleton';

const g = globalSingleton<{ backupCron?: Cron }>('backupCron', () => ({}));

/** Every deployed customer gets a backup job; the runner's concurrency bounds how many run at once. */
export async function runScheduledBackups(): Promise<{ queued: number; skipped: string[] }> {
  const settings = await readBackupSettings();
  await sweepHelpers();
  const customers = await db().customer.findMany({ where: { status: { in: ['active', 'inactive', 'error'] }, deployment: { deployedAt: { not: null } } }, select: { id: true, subdomain: true } });
  const jobs: string[] = [];
  const skipped: string[] = [];
  for (const c of customers) {
    try {
      jobs.push((await enqueueJob(SYSTEM_ACTOR, c.id, 'backup')).id);
    } catch (err) {
      // A deploy of this tenant is running: it is backed up at the next run (and shows as overdue if that keeps happening).
      if (!isAppError(err, 'JOB_RUNNING')) throw err;
      skipped.push(c.subdomain);
    }
  }
  await backupAppliance('schedule').catch((err: unknown) => log.error('appliance backup failed', { error: err instanceof Error ? err.message : String(err) }));
  await Promise.all(jobs.map((id) => waitForJob(id, 6 * 60 * 60_000)));
  // Retention and (when due) the check; their failures are recorded for the dashboard card.
  await runMaintenance(settings);
  if (skipped.length) log.warn('scheduled backups skipped customers with a running job', { skipped });
  return { queued: jobs.length, skipped };
}

/** (Re)starts the schedule from the settings; called at start-up and after every settings change. */
export async function startBackupScheduler(): Promise<void> {
  g.backupCron?.stop();
  g.backupCron = undefined;
  const settings = await readBackupSettings();
  if (!settings.schedule_enabled) return;
  // protect: a run still going when the next is due is not started twice.
  g.backupCron = new Cron(settings.schedule, { protect: true }, () => {
    void runScheduledBackups().catch((err: unknown) => log.error('scheduled backups failed', { error: err instanceof Error ? err.message : String(err) }));
  });
}

export function nextScheduledRun(): Date | null {
  return g.backupCron?.nextRun() ?? null;
}
