/**
 * Memory of failed certificate requests per domain. Let's Encrypt's rate
 * limits (e.g. 5 failed validations per name per hour) arrive from NPM as a
 * plain "Internal Error", and NPM itself never backs off, so the client
 * refuses to ask again for a growing window after each failure.
 * In-process: an appliance restart forgets it, which errs on the side of one
 * more attempt.
 */
export interface BackoffEntry {
  failures: number;
  lastFailureAt: number;
  retryAt: number;
  reason: string;
}

/** 15 min, 30 min, 1 h, 2 h … capped at 24 h. */
export const BACKOFF_BASE_MS = 15 * 60_000;
export const BACKOFF_MAX_MS = 24 * 60 * 60_000;

const entries = new Map<string, BackoffEntry>();

export function backoffWindowMs(failures: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1), BACKOFF_MAX_MS);
}

export function recordCertificateFailure(domain: string, reason: string, now = Date.now()): BackoffEntry {
  const key = domain.toLowerCase();
  const failures = (entries.get(key)?.failures ?? 0) + 1;
  const entry = { failures, lastFailureAt: now, retryAt: now + backoffWindowMs(failures), reason };
  entries.set(key, entry);
  return entry;
}

/** The pending back-off for a domain, or null when a request may be made now. */
export function activeBackoff(domain: string, now = Date.now()): BackoffEntry | null {
  const entry = entries.get(domain.toLowerCase());
  return entry && now < entry.retryAt ? entry : null;
}

export function recordCertificateSuccess(domain: string): void {
  entries.delete(domain.toLowerCase());
}

/** Forget failures (one domain, or all): for an operator who fixed DNS and wants to retry at once, and for tests. */
export function clearCertificateBackoff(domain?: string): void {
  if (domain) entries.delete(domain.toLowerCase());
  else entries.clear();
}
