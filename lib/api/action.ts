import { ZodError } from 'zod';
import { toErrorResponse, validationError, type ErrorBody } from '../errors';
import { log } from '../log';

/** Server actions return this instead of throwing, so the UI can show the error code in the user's language. */
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ErrorBody['error'] };

export async function runAction<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (err) {
    const mapped = toErrorResponse(err instanceof ZodError ? validationError(err) : err);
    if (mapped.status >= 500) log.error('action failed', { error: err instanceof Error ? err.stack ?? err.message : String(err) });
    return { ok: false, error: mapped.body.error };
  }
}
