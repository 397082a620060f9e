import 'server-only';
import { log } from '../log';
import { observeJob } from '../monitoring/metric-recorders';
import { notifyJobFinished } from '../notifications/job-watch';

/** After a job ends: its duration in the metrics, a failure (or the recovery) to the notifications. Never throws. */
export function reportJobOutcome(job: { id: string; kind: string; customerId: string | null; startedAt: Date | null }, error: string | null): void {
  observeJob(job.kind, error === null, job.startedAt ? (Date.now() - job.startedAt.getTime()) / 1000 : 0);
  notifyJobFinished(job, error).catch((err: unknown) => log.warn('job notification failed', { jobId: job.id, error: err instanceof Error ? err.message : String(err) }));
}
