import 'server-only';
import { db } from '../db';
import { publishJob } from './job-events';
import type { JobStepName } from './job-kinds';
import { loadJobView } from './job-view';
import { runStep, type StepState } from './run-step';

export type { StepState };

/**
 * Persists each step's state as it changes and publishes the job to live
 * listeners. Writes are chained so they land in order even when a step
 * reports faster than SQLite commits.
 */
export class StepReporter {
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown;

  constructor(readonly jobId: string) {}

  /** Records a step's state; a name the job does not have fails instead of updating nothing. */
  report(name: JobStepName, state: StepState, message?: string | null): Promise<void> {
    const now = new Date();
    return this.inOrder(async () => {
      const { count } = await db().jobStep.updateMany({
        where: { jobId: this.jobId, name },
        data: {
          state,
          ...(message !== undefined ? { message: message?.slice(0, 2000) ?? null } : {}),
          ...(state === 'running' ? { startedAt: now, finishedAt: null } : { finishedAt: now }),
        },
      });
      if (count === 0) throw new Error(`Job ${this.jobId} has no step "${name}"`);
      await this.publish();
    });
  }

  /** Records a state without waiting (a step observer); a failed write surfaces at flush(). */
  note(name: JobStepName, state: StepState, message?: string | null): void {
    this.report(name, state, message).catch(() => undefined);
  }

  /**
   * A progress message of a running step, without waiting. Only the message changes: the step
   * keeps the time it started (a progress line is not a new start, and the step's duration is
   * counted from it), and a step that has already finished keeps its final state and message
   * (a throttled line can arrive after the step's end). A failed write surfaces at flush().
   */
  progress(name: JobStepName, message: string): void {
    this.inOrder(async () => {
      const { count } = await db().jobStep.updateMany({ where: { jobId: this.jobId, name, state: 'running' }, data: { message: message.slice(0, 2000) } });
      if (count > 0) await this.publish();
    }).catch(() => undefined);
  }

  /** Runs a write after every earlier one; later writes still land in order, the first failure is kept for flush(). */
  private inOrder(work: () => Promise<void>): Promise<void> {
    const write = this.chain.then(work);
    this.chain = write.catch((err: unknown) => {
      this.failure ??= err;
    });
    return write;
  }

  /** Runs one step through the one step runner (lib/jobs/run-step), recording each state. */
  step<T>(name: JobStepName, run: () => Promise<T>, done?: (result: T) => string | null | { skipped: string }): Promise<T> {
    return runStep(name, (s, state, message) => this.report(s, state, message), run, { done });
  }

  async publish(): Promise<void> {
    const view = await loadJobView(this.jobId);
    if (view) publishJob(view);
  }

  /** Waits for every write so far; rejects with the first one that failed. */
  async flush(): Promise<void> {
    await this.chain;
    if (this.failure !== undefined) throw this.failure;
  }
}
