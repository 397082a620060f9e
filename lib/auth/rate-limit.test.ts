import { beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../errors';
import { LIMITS, beginLoginAttempt, loginSucceeded, resetRateLimits } from './rate-limit';

function refused(fn: () => void): boolean {
  try {
    fn();
    return false;
  } catch (err) {
    if (isAppError(err, 'RATE_LIMITED')) return true;
    throw err;
  }
}

// Issue 14, finding 3: attempts count when they start; one address cannot lock an account out for others.
describe('login rate limit', () => {
  beforeEach(() => resetRateLimits());

  it('counts an attempt when it starts: the sixth concurrent attempt is refused before any hash', () => {
    const now = 1_000_000;
    for (let i = 0; i < LIMITS.account.max; i++) beginLoginAttempt('alice', '10.0.0.1', now);
    expect(refused(() => beginLoginAttempt('alice', '10.0.0.1', now))).toBe(true);
  });

  it('a flood from one address leaves the account open from another address', () => {
    const now = 1_000_000;
    for (let i = 0; i < 50; i++) refused(() => beginLoginAttempt('alice', '10.0.0.1', now));
    expect(refused(() => beginLoginAttempt('alice', '10.0.0.2', now))).toBe(false);
  });

  it('backs off: each lock after the first is longer', () => {
    let now = 1_000_000;
    for (let i = 0; i < LIMITS.account.max; i++) beginLoginAttempt('bob', '10.0.0.1', now);
    const first = retryAfter(() => beginLoginAttempt('bob', '10.0.0.1', now));
    now += first * 1000 + 1;
    beginLoginAttempt('bob', '10.0.0.1', now);
    const second = retryAfter(() => beginLoginAttempt('bob', '10.0.0.1', now));
    expect(second).toBeGreaterThan(first);
  });

  it('a success clears the account’s counter at that address', () => {
    const now = 1_000_000;
    for (let i = 0; i < LIMITS.account.max - 1; i++) beginLoginAttempt('carol', '10.0.0.1', now);
    loginSucceeded('carol', '10.0.0.1');
    for (let i = 0; i < LIMITS.account.max; i++) beginLoginAttempt('carol', '10.0.0.1', now);
    expect(refused(() => beginLoginAttempt('carol', '10.0.0.1', now))).toBe(true);
  });

  it('caps attempts per address across usernames', () => {
    const now = 1_000_000;
    for (let i = 0; i < LIMITS.address.max; i++) beginLoginAttempt(`user-${i}`, '10.0.0.3', now);
    expect(refused(() => beginLoginAttempt('someone-new', '10.0.0.3', now))).toBe(true);
    expect(refused(() => beginLoginAttempt('someone-new', '10.0.0.4', now))).toBe(false);
  });
});

function retryAfter(fn: () => void): number {
  try {
    fn();
  } catch (err) {
    if (isAppError(err, 'RATE_LIMITED')) return Number((err.details as { retry_after: number }).retry_after);
    throw err;
  }
  throw new Error('not refused');
}

describe('refunds', () => {
  beforeEach(() => resetRateLimits());

  it('the right password without the second factor is neutral, but earlier guesses stay counted', async () => {
    const { refundLoginAttempt } = await import('./rate-limit');
    const now = 1_000_000;
    for (let i = 0; i < LIMITS.account.max - 1; i++) beginLoginAttempt('dave', '10.0.0.1', now);
    for (let i = 0; i < 10; i++) {
      beginLoginAttempt('dave', '10.0.0.1', now);
      refundLoginAttempt('dave', '10.0.0.1', now);
    }
    beginLoginAttempt('dave', '10.0.0.1', now);
    expect(refused(() => beginLoginAttempt('dave', '10.0.0.1', now))).toBe(true);
  });
});
