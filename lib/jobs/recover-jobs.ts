import 'server-only';
import { db } from '../db';
import { log } from '../log';
import { RESUMABLE, isJobKind } from './job-kinds';
import { failJob, scheduleJob } from './runner';

/**
 * At start-up, jobs the previous process left queued or running are either
 * resumed (deploy, redeploy, delete: every step is idempotent) or failed with
 * a clear reason (start, stop, restart: the reconciler then reports the truth).
 * Nothing stays `deploying` forever.
 */
export async function recoverJobs(): Promise<{ resumed: number; failed: number }> {
  // Upgrade jobs belong to their plan, which settles them (lib/fleet/recover-upgrades); a migration
  // is put back on a consistent stack by lib/netbird/recover-migration (its steps say how far it got).
  const stale = await db().job.findMany({ where: { state: { in: ['queued', 'running'] }, kind: { notIn: ['upgrade', 'migrate'] } }, orderBy: { createdAt: 'asc' } });
  let resumed = 0;
  let failed = 0;
  for (const job of stale) {
    if (job.customerId && isJobKind(job.kind) && RESUMABLE.has(job.kind)) {
      await db().$transaction([
        db().jobStep.updateMany({ where: { jobId: job.id }, data: { state: 'pending', startedAt: null, finishedAt: null, message: null } }),
        db().job.update({ where: { id: job.id }, data: { state: 'queued', error: null } }),
      ]);
      scheduleJob(job.id);
      resumed++;
    } else {
      await failJob(job.id, null, 'The appliance restarted while this job ran; the current container state is shown instead. Run the action again if needed.');
      failed++;
    }
  }
  if (stale.length) log.warn('interrupted jobs recovered', { resumed, failed });
  return { resumed, failed };
}
