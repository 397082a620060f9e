import { AppError } from '../errors';

/**
 * Failed-login limiter, per username and per address, in process memory
 * (the appliance is one process). Only failures count; a success clears the
 * username's counter.
 */
interface Window {
  count: number;
  resetAt: number;
}

const globalForLimits = globalThis as unknown as { loginFailures?: Map<string, Window> };
const failures = (globalForLimits.loginFailures ??= new Map());

export const LIMITS = {
  user: { max: 5, windowMs: 15 * 60_000 },
  address: { max: 20, windowMs: 15 * 60_000 },
};

function keys(username: string, address: string): [string, { max: number; windowMs: number }][] {
  return [
    [`user:${username.toLowerCase()}`, LIMITS.user],
    [`addr:${address}`, LIMITS.address],
  ];
}

/** Throws RATE_LIMITED (429 + Retry-After) when either counter is exhausted. */
export function assertLoginAllowed(username: string, address: string, now = Date.now()): void {
  for (const [key, limit] of keys(username, address)) {
    const w = failures.get(key);
    if (!w || w.resetAt <= now) continue;
    if (w.count >= limit.max) {
      const retryAfter = Math.ceil((w.resetAt - now) / 1000);
      throw new AppError('RATE_LIMITED', `Too many failed sign-in attempts. Try again in ${retryAfter} seconds.`, { retry_after: retryAfter }, {
        'Retry-After': String(retryAfter),
      });
    }
  }
}

export function recordLoginFailure(username: string, address: string, now = Date.now()): void {
  for (const [key, limit] of keys(username, address)) {
    const w = failures.get(key);
    if (!w || w.resetAt <= now) failures.set(key, { count: 1, resetAt: now + limit.windowMs });
    else w.count += 1;
  }
}

export function recordLoginSuccess(username: string): void {
  failures.delete(`user:${username.toLowerCase()}`);
}

export function resetRateLimits(): void {
  failures.clear();
}
