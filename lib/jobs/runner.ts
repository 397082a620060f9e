import 'server-only';
import { db } from '../db';
import { AppError } from '../errors';
import { log } from '../log';
import { getSettings } from '../settings/store';
import { runJobHandler } from './handlers';
import { keepsCustomerStatus } from './job-kinds';
import { publishJob, subscribeJob } from './job-events';
import { loadJobView, type JobView } from './job-view';
import { StepReporter } from './step-reporter';
import { reportJobOutcome } from './job-outcome';
import { globalSingleton } from '../global-singleton';

/**
 * The in-process job runner: a FIFO queue, at most `deploy_concurrency` jobs at
 * once, one job per customer (enforced when a job is created, see enqueue-job).
 */
interface RunnerState {
  queue: string[];
  running: Set<string>;
}
const g = globalSingleton<{ jobRunner?: RunnerState }>('jobRunner', () => ({}));
const state = (g.jobRunner ??= { queue: [], running: new Set() });

export function scheduleJob(jobId: string): void {
  if (!state.queue.includes(jobId) && !state.running.has(jobId)) state.queue.push(jobId);
  void pump();
}

async function pump(): Promise<void> {
  const limit = (await getSettings().catch(() => null))?.deploy_concurrency ?? 3;
  while (state.running.size < limit && state.queue.length > 0) {
    const jobId = state.queue.shift();
    if (jobId === undefined) break;
    state.running.add(jobId);
    void executeJob(jobId).finally(() => {
      state.running.delete(jobId);
      void pump();
    });
  }
}

async function executeJob(jobId: string): Promise<void> {
  const job = await db().job.update({ where: { id: jobId }, data: { state: 'running', startedAt: new Date() }, include: { customer: true } });
  const reporter = new StepReporter(jobId);
  await reporter.publish();
  let error: string | null = null;
  try {
    await runJobHandler(job, reporter);
    await reporter.flush();
    await db().job.update({ where: { id: jobId }, data: { state: 'succeeded', finishedAt: new Date() } });
  } catch (err) {
    // The handler's error is what the job reports; a step write that failed as well is logged.
    await reporter.flush().catch((e: unknown) => log.error('job step not recorded', { jobId, error: e instanceof Error ? e.message : String(e) }));
    const message = err instanceof Error ? err.message : String(err);
    if (!(err instanceof AppError)) log.error('job failed unexpectedly', { jobId, kind: job.kind, error: err instanceof Error ? err.stack : message });
    await failJob(jobId, keepsCustomerStatus(job.kind, err) ? null : job.customerId, message);
    error = message;
  }
  reportJobOutcome(job, error);
  const view = await loadJobView(jobId);
  if (view) publishJob(view);
}

/** Marks the job failed, and its customer `error` with the reason, keeping every file. */
export async function failJob(jobId: string, customerId: string | null, message: string): Promise<void> {
  await db().$transaction(async (tx) => {
    await tx.jobStep.updateMany({ where: { jobId, state: { in: ['pending', 'running'] } }, data: { state: 'skipped' } });
    await tx.job.update({ where: { id: jobId }, data: { state: 'failed', error: message.slice(0, 4000), finishedAt: new Date() } });
    if (customerId) {
      await tx.customer.updateMany({ where: { id: customerId }, data: { status: 'error', statusReason: message.slice(0, 1000), failedJobId: jobId } });
    }
  });
}

/** Resolves with the finished job (for `?wait=true`), or its state at the timeout. */
export async function waitForJob(jobId: string, timeoutMs = 10 * 60_000): Promise<JobView | null> {
  const done = (j: JobView | null) => !j || ['succeeded', 'failed', 'cancelled'].includes(j.state);
  return new Promise((resolve) => {
    let finished = false;
    const finish = (view: JobView | null) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      unsubscribe();
      resolve(view);
    };
    const unsubscribe = subscribeJob(jobId, (view) => {
      if (done(view)) finish(view);
    });
    const timer = setTimeout(() => void loadJobView(jobId).then(finish), timeoutMs);
    void loadJobView(jobId).then((view) => {
      if (done(view)) finish(view);
    });
  });
}

export function runnerStats(): { queued: number; running: number } {
  return { queued: state.queue.length, running: state.running.size };
}
