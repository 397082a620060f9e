import { AppError, isAppError } from '../errors';

export type StepState = 'running' | 'succeeded' | 'failed' | 'skipped';

/** Told of each change of a step's state; may return a promise the runner waits for. */
export type StepObserver<S extends string> = (step: S, state: StepState, message?: string | null) => void | Promise<void>;

export interface RunStepOptions<T> {
  /** The message stored with success, or `{ skipped }` when the step had nothing to do. */
  done?: (result: T) => string | null | { skipped: string };
  /** Rethrow a failure as `Step "<name>" failed: …`, keeping its code (the deploy's own steps). */
  label?: boolean;
}

/**
 * The one step runner: running → succeeded/skipped (with an optional message) or failed with
 * the error's text. The deploy's steps (lib/netbird/deploy-stack) and every job step
 * (lib/jobs/step-reporter) go through it.
 */
export async function runStep<S extends string, T>(step: S, observe: StepObserver<S> | undefined, run: () => Promise<T> | T, opts: RunStepOptions<T> = {}): Promise<T> {
  await observe?.(step, 'running');
  try {
    const result = await run();
    const outcome = opts.done?.(result) ?? null;
    if (outcome && typeof outcome === 'object') await observe?.(step, 'skipped', outcome.skipped);
    else await observe?.(step, 'succeeded', outcome);
    return result;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    await observe?.(step, 'failed', why);
    if (!opts.label) throw err;
    const code = isAppError(err) ? err.code : 'INTERNAL';
    throw new AppError(code, `Step "${step}" failed: ${why}`, { step, ...(isAppError(err) && typeof err.details === 'object' ? err.details : {}) });
  }
}
