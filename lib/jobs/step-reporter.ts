import 'server-only';
import { db } from '../db';
import { publishJob } from './job-events';
import { loadJobView } from './job-view';

export type StepState = 'running' | 'succeeded' | 'failed' | 'skipped';

/**
 * Persists each step's state as it changes and publishes the job to live
 * listeners. Writes are chained so they land in order even when a step
 * reports faster than SQLite commits.
 */
export class StepReporter {
  private chain: Promise<void> = Promise.resolve();

  constructor(readonly jobId: string) {}

  report(name: string, state: StepState, message?: string | null): Promise<void> {
    const now = new Date();
    this.chain = this.chain.then(async () => {
      await db().jobStep.updateMany({
        where: { jobId: this.jobId, name },
        data: {
          state,
          ...(message !== undefined ? { message: message?.slice(0, 2000) ?? null } : {}),
          ...(state === 'running' ? { startedAt: now, finishedAt: null } : { finishedAt: now }),
        },
      });
      await this.publish();
    });
    return this.chain;
  }

  /** Runs one step: running → succeeded (with an optional message) or failed with the error's text. */
  async step<T>(name: string, run: () => Promise<T>, done?: (result: T) => string | null | { skipped: string }): Promise<T> {
    await this.report(name, 'running');
    try {
      const result = await run();
      const outcome = done?.(result) ?? null;
      if (outcome && typeof outcome === 'object') await this.report(name, 'skipped', outcome.skipped);
      else await this.report(name, 'succeeded', outcome);
      return result;
    } catch (err) {
      await this.report(name, 'failed', err instanceof Error ? err.message : String(err));
      throw err;
    }
  }

  async publish(): Promise<void> {
    const view = await loadJobView(this.jobId);
    if (view) publishJob(view);
  }

  flush(): Promise<void> {
    return this.chain;
  }
}
