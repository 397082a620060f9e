import { AppError } from '../errors';
import { globalSingleton } from '../global-singleton';

/**
 * Sign-in limiter, in process memory (the appliance is one process). An attempt is counted
 * when it starts, before the password hash, so a parallel burst cannot outrun its own count.
 *
 * - per account AND address: `account.max` attempts, then a lock that doubles with every
 *   further failure (5, 10, 20, … up to 60 minutes). A flood against one account from one
 *   address never locks that account out for a client at another address.
 * - per address, across accounts: `address.max` attempts per window, against password spraying.
 *
 * A success clears the account's counter at that address and gives the address its attempt back.
 */
interface Counter {
  count: number;
  resetAt: number;
  lockedUntil: number;
}

interface Limit {
  max: number;
  windowMs: number;
  lockMs: number;
  maxLockMs: number;
}

const g = globalSingleton<{ loginAttempts?: Map<string, Counter> }>('loginAttempts', () => ({}));
const counters = (g.loginAttempts ??= new Map());

export const LIMITS: { account: Limit; address: Limit } = {
  account: { max: 5, windowMs: 15 * 60_000, lockMs: 5 * 60_000, maxLockMs: 60 * 60_000 },
  address: { max: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000, maxLockMs: 60 * 60_000 },
};

const MAX_COUNTERS = 50_000;

function keys(username: string, address: string): [string, Limit][] {
  return [
    [`acct:${username.toLowerCase()}|${address}`, LIMITS.account],
    [`addr:${address}`, LIMITS.address],
  ];
}

function live(key: string, now: number): Counter | undefined {
  const c = counters.get(key);
  if (c && c.resetAt <= now && c.lockedUntil <= now) {
    counters.delete(key);
    return undefined;
  }
  return c;
}

function sweep(now: number): void {
  if (counters.size < MAX_COUNTERS) return;
  for (const key of [...counters.keys()]) live(key, now);
}

function refuse(lockedUntil: number, now: number): AppError {
  const retryAfter = Math.max(1, Math.ceil((lockedUntil - now) / 1000));
  return new AppError('RATE_LIMITED', `Too many sign-in attempts. Try again in ${retryAfter} seconds.`, { retry_after: retryAfter }, { 'Retry-After': String(retryAfter) });
}

/** Counts one attempt, or throws RATE_LIMITED (429 + Retry-After) without counting it. */
export function beginLoginAttempt(username: string, address: string, now = Date.now()): void {
  sweep(now);
  const entries = keys(username, address);
  for (const [key] of entries) {
    const c = live(key, now);
    if (c && c.lockedUntil > now) throw refuse(c.lockedUntil, now);
  }
  for (const [key, limit] of entries) {
    const c = live(key, now) ?? { count: 0, resetAt: now + limit.windowMs, lockedUntil: 0 };
    c.count += 1;
    if (c.count >= limit.max) {
      const lock = Math.min(limit.maxLockMs, limit.lockMs * 2 ** (c.count - limit.max));
      c.lockedUntil = now + lock;
      // The count outlives the lock, so the next failure after it locks for longer.
      c.resetAt = Math.max(c.resetAt, c.lockedUntil + limit.windowMs);
    }
    counters.set(key, c);
  }
}

/** A successful sign-in: the account starts afresh at this address; the address gets its attempt back. */
export function loginSucceeded(username: string, address: string, now = Date.now()): void {
  const [[accountKey], [addressKey, addressLimit]] = keys(username, address);
  counters.delete(accountKey);
  const c = live(addressKey, now);
  if (!c) return;
  c.count = Math.max(0, c.count - 1);
  if (c.count < addressLimit.max) c.lockedUntil = 0;
}

/**
 * An attempt that proved nothing wrong (the right password without the second factor yet, a valid
 * code for enrolment) gives its count back; unlike a success it keeps earlier failures counted,
 * so second-factor guesses cannot be reset by sending the known password alone.
 */
export function refundLoginAttempt(username: string, address: string, now = Date.now()): void {
  for (const [key, limit] of keys(username, address)) {
    const c = live(key, now);
    if (!c) continue;
    c.count = Math.max(0, c.count - 1);
    if (c.count < limit.max) c.lockedUntil = 0;
  }
}

export function resetRateLimits(): void {
  counters.clear();
}
