import 'server-only';
import { db } from '../db';
import { publishJob } from './job-events';
import { loadJobView } from './job-view';

/**
 * Ends a job that is run outside the queue (an upgrade by its plan, a migration settled at
 * start-up): steps not reached are skipped, the job succeeds or fails with the error, and live
 * listeners see it. The customer's status is the caller's business.
 */
export async function finishJob(jobId: string, error: string | null): Promise<void> {
  await db().$transaction([
    db().jobStep.updateMany({ where: { jobId, state: { in: ['pending', 'running'] } }, data: { state: 'skipped' } }),
    db().job.update({ where: { id: jobId }, data: { state: error ? 'failed' : 'succeeded', error: error?.slice(0, 4000) ?? null, finishedAt: new Date() } }),
  ]);
  const view = await loadJobView(jobId);
  if (view) publishJob(view);
}
