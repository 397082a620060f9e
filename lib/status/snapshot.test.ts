import { globalSingleton } from '../global-singleton';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const list = vi.fn();
vi.mock('../docker/list-containers', () => ({ listAllTenantContainers: () => list() }));

const { getSnapshot, refreshSnapshotAfterChange } = await import('./snapshot');

/** Each list call answers with a map naming its call number, after `ms`. */
function engineAnswers(ms = 0) {
  let calls = 0;
  list.mockImplementation(() => {
    const n = ++calls;
    return new Promise((r) => setTimeout(() => r(new Map([[`call-${n}`, []]])), ms));
  });
}

const callOf = (s: { byCustomer: Map<string, unknown> }) => [...s.byCustomer.keys()][0];

/** The first reader, who has no picture yet and waits for the engine's 300 ms answer. */
async function firstPicture() {
  engineAnswers(300);
  const first = getSnapshot();
  await vi.advanceTimersByTimeAsync(300);
  return first;
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
  list.mockReset();
  globalSingleton<{ containerSnapshot?: unknown }>('containerSnapshot', () => ({})).containerSnapshot = undefined;
});
afterEach(() => vi.useRealTimers());

describe('getSnapshot', () => {
  it('waits for the engine only when there is no picture yet, then serves it while fresh', async () => {
    expect(callOf(await firstPicture())).toBe('call-1');
    vi.setSystemTime(Date.now() + 4_000);
    expect(callOf(await getSnapshot())).toBe('call-1');
    expect(list).toHaveBeenCalledTimes(1);
  });

  it('serves an older picture at once and refreshes it in the background, once for all readers', async () => {
    await firstPicture();
    vi.setSystemTime(Date.now() + 10_000);
    const [a, b] = await Promise.all([getSnapshot(), getSnapshot()]);
    expect([callOf(a), callOf(b)]).toEqual(['call-1', 'call-1']);
    expect(list).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(300);
    expect(callOf(await getSnapshot())).toBe('call-2');
  });

  it('waits again when the picture is over a minute old', async () => {
    await firstPicture();
    vi.setSystemTime(Date.now() + 61_000);
    const later = getSnapshot();
    await vi.advanceTimersByTimeAsync(300);
    expect(callOf(await later)).toBe('call-2');
  });
});

describe('refreshSnapshotAfterChange', () => {
  it('does not hand a caller that just changed containers a listing that began before the change', async () => {
    await firstPicture();
    vi.setSystemTime(Date.now() + 10_000);
    // A reader finds the picture old: listing 2 begins (say, while a job still stops containers).
    expect(callOf(await getSnapshot())).toBe('call-1');
    // The job ends now: it gets listing 3, begun after listing 2, and two such callers share it.
    const [a, b] = [refreshSnapshotAfterChange(), refreshSnapshotAfterChange()];
    await vi.advanceTimersByTimeAsync(600);
    expect([callOf(await a), callOf(await b)]).toEqual(['call-3', 'call-3']);
    expect(list).toHaveBeenCalledTimes(3);
  });

  it('lists once when nothing is under way', async () => {
    await firstPicture();
    const fresh = refreshSnapshotAfterChange();
    await vi.advanceTimersByTimeAsync(300);
    expect(callOf(await fresh)).toBe('call-2');
    expect(list).toHaveBeenCalledTimes(2);
  });
});
