import { describe, expect, it } from 'vitest';
import { BoundedQueue, daysLeft, dueTenants } from './rate-limit';
import { summarisePeers, versionList } from './summarise';

/** A gate each started job waits on, so the test decides when work finishes. */
function gated() {
  const started: string[] = [];
  const release = new Map<string, () => void>();
  let running = 0;
  let peak = 0;
  const work = (key: string) => {
    started.push(key);
    running++;
    peak = Math.max(peak, running);
    return new Promise<void>((resolve) => release.set(key, () => { running--; resolve(); }));
  };
  return { started, release, work, peak: () => peak };
}

describe('BoundedQueue', () => {
  it('never runs more than its concurrency at once, and starts the next as one finishes', async () => {
    const g = gated();
    const q = new BoundedQueue(2, g.work);
    for (const k of ['a', 'b', 'c', 'd', 'e']) q.push(k);
    expect(g.started).toEqual(['a', 'b']);
    expect(q.size).toEqual({ waiting: 3, running: 2 });
    g.release.get('a')?.();
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(g.started).toEqual(['a', 'b', 'c']);
    for (const k of ['b', 'c']) g.release.get(k)?.();
    await new Promise((r) => setTimeout(r, 0));
    for (const k of ['d', 'e']) g.release.get(k)?.();
    await q.idle();
    expect(g.peak()).toBe(2);
    expect(g.started).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('holds one tenant once: a push while it waits or runs is refused, after it finished it is taken again', async () => {
    const g = gated();
    const q = new BoundedQueue(1, g.work);
    expect(q.push('a')).toBe(true);
    expect(q.push('b')).toBe(true);
    expect(q.push('a')).toBe(false);
    expect(q.push('b')).toBe(false);
    g.release.get('a')?.();
    await new Promise((r) => setTimeout(r, 0));
    g.release.get('b')?.();
    await q.idle();
    expect(q.push('a')).toBe(true);
    expect(g.started).toEqual(['a', 'b', 'a']);
  });

  it('frees the slot when a gather throws', async () => {
    const seen: string[] = [];
    const q = new BoundedQueue(1, async (k) => {
      seen.push(k);
      if (k === 'bad') throw new Error('tenant down');
    });
    q.push('bad');
    q.push('good');
    await q.idle();
    expect(seen).toEqual(['bad', 'good']);
  });
});

describe('dueTenants', () => {
  const now = new Date('2026-11-29T12:00:00Z');
  const ago = (ms: number) => new Date(now.getTime() - ms);

  it('takes tenants never tried or tried longer ago than the interval, the longest-waiting first, up to the limit', () => {
    const rows = [
      { id: 'fresh', attemptedAt: ago(60_000) },
      { id: 'old', attemptedAt: ago(10 * 60_000) },
      { id: 'never', attemptedAt: null },
      { id: 'older', attemptedAt: ago(20 * 60_000) },
    ];
    expect(dueTenants(rows, now, 5 * 60_000, 10)).toEqual(['never', 'older', 'old']);
    expect(dueTenants(rows, now, 5 * 60_000, 2)).toEqual(['never', 'older']);
  });

  it('takes none while every tenant was tried within the interval', () => {
    expect(dueTenants([{ id: 'a', attemptedAt: ago(4 * 60_000) }], now, 5 * 60_000, 10)).toEqual([]);
  });
});

describe('daysLeft', () => {
  it('is fractional and negative once past', () => {
    const now = new Date('2026-11-29T00:00:00Z');
    expect(daysLeft(new Date('2026-12-29T00:00:00Z'), now)).toBe(30);
    expect(daysLeft(new Date('2026-11-28T12:00:00Z'), now)).toBe(-0.5);
  });
});

describe('summarisePeers', () => {
  it('counts peers, connected ones, versions (missing as unknown) and the newest last_seen', () => {
    const s = summarisePeers([
      { connected: true, version: '0.60.1', last_seen: '2026-11-29T10:00:00Z' },
      { connected: false, version: '0.60.1', last_seen: '2026-11-29T11:00:00Z' },
      { connected: true, version: '0.59.0' },
      { connected: false, last_seen: 'not a date' },
    ]);
    expect(s).toEqual({ total: 4, connected: 2, lastSeenAt: new Date('2026-11-29T11:00:00Z'), versions: { '0.60.1': 2, '0.59.0': 1, unknown: 1 } });
    expect(versionList(s.versions)).toEqual([{ version: '0.60.1', peers: 2 }, { version: '0.59.0', peers: 1 }, { version: 'unknown', peers: 1 }]);
  });

  it('has no last_seen and no versions without peers', () => {
    expect(summarisePeers([])).toEqual({ total: 0, connected: 0, lastSeenAt: null, versions: {} });
  });
});
