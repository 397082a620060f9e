import { afterEach, describe, expect, it } from 'vitest';
import { activeBackoff, backoffWindowMs, BACKOFF_BASE_MS, BACKOFF_MAX_MS, clearCertificateBackoff, recordCertificateFailure, recordCertificateSuccess } from './cert-backoff';

describe('certificate back-off', () => {
  afterEach(() => clearCertificateBackoff());

  it('doubles the window per failure up to a day', () => {
    expect(backoffWindowMs(1)).toBe(BACKOFF_BASE_MS);
    expect(backoffWindowMs(2)).toBe(2 * BACKOFF_BASE_MS);
    expect(backoffWindowMs(3)).toBe(4 * BACKOFF_BASE_MS);
    expect(backoffWindowMs(30)).toBe(BACKOFF_MAX_MS);
  });

  it('refuses within the window, allows after it, and widens on the next failure', () => {
    const t0 = 1_000_000;
    const first = recordCertificateFailure('Acme.x.test', 'rate limited', t0);
    expect(first.retryAt).toBe(t0 + BACKOFF_BASE_MS);
    expect(activeBackoff('acme.x.test', t0 + 1000)?.failures).toBe(1);
    expect(activeBackoff('acme.x.test', t0 + BACKOFF_BASE_MS)).toBeNull();
    const second = recordCertificateFailure('acme.x.test', 'rate limited', t0 + BACKOFF_BASE_MS);
    expect(second.retryAt - (t0 + BACKOFF_BASE_MS)).toBe(2 * BACKOFF_BASE_MS);
    expect(activeBackoff('other.x.test', t0)).toBeNull();
  });

  it('forgets a domain after a success', () => {
    recordCertificateFailure('acme.x.test', 'x', 0);
    recordCertificateSuccess('acme.x.test');
    expect(activeBackoff('acme.x.test', 1)).toBeNull();
  });
});
