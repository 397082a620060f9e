import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors';
import { TENANT_MEMORY_ESTIMATE_BYTES, chooseHost } from './placement';
import type { HostFactsView, HostView } from './schemas';

const facts = (free: number | null) => ({ memory_free_bytes: free }) as HostFactsView;
const host = (id: string, state: HostView['state'], free: number | null = null) => ({ id, name: `n-${id}`, state, facts: free === null ? null : facts(free) });

describe('chooseHost', () => {
  it('refuses a cordoned, draining or unreachable host asked for by id or name, and an unknown one', () => {
    const hosts = [host('local', 'ready'), host('a', 'cordoned'), host('b', 'draining'), host('c', 'unreachable')];
    for (const id of ['a', 'n-b', 'c']) {
      expect(() => chooseHost(hosts, id)).toThrow(expect.objectContaining({ code: 'HOST_NOT_READY' }));
    }
    let err: unknown;
    try {
      chooseHost(hosts, 'nope');
    } catch (e) {
      err = e;
    }
    expect(isAppError(err, 'VALIDATION_FAILED')).toBe(true);
  });

  it('refuses when no host takes tenants', () => {
    expect(() => chooseHost([host('local', 'cordoned'), host('a', 'unreachable', 9e9)])).toThrow(expect.objectContaining({ code: 'HOST_NOT_READY' }));
  });

  it('takes the requested ready host, else the ready host with the most free memory', () => {
    const hosts = [host('local', 'ready', 1e9), host('a', 'ready', 4e9), host('b', 'cordoned', 9e9), host('c', 'unreachable', 8e9)];
    expect(chooseHost(hosts, 'local')).toBe('local');
    expect(chooseHost(hosts)).toBe('a');
  });

  it('counts the tenants placed since the facts were taken, so new customers spread over hosts', () => {
    const gib = 1024 ** 3;
    const placed = (h: ReturnType<typeof host>, n: number) => ({ ...h, placed_since_facts: n });
    // a had 1 GiB more free at its last measurement; 5 tenants placed there since outweigh that.
    const hosts = [placed(host('local', 'ready', 4 * gib), 0), placed(host('a', 'ready', 5 * gib), 5)];
    expect(5 * TENANT_MEMORY_ESTIMATE_BYTES).toBeGreaterThan(gib);
    expect(chooseHost(hosts)).toBe('local');
    expect(chooseHost([hosts[0], placed(host('a', 'ready', 5 * gib), 1)])).toBe('a');
    // Placing one after another, as counted from the store, alternates instead of piling onto one host.
    const counts: Record<string, number> = { local: 0, a: 0 };
    const picks = Array.from({ length: 8 }, () => {
      const id = chooseHost([placed(host('local', 'ready', 4 * gib), counts.local), placed(host('a', 'ready', 4 * gib), counts.a)]);
      counts[id] += 1;
      return id;
    });
    expect(counts).toEqual({ local: 4, a: 4 });
    expect(picks.slice(0, 2).sort()).toEqual(['a', 'local']);
    // A measured host with little left still beats an unmeasured one: unmeasured is unknown, not empty.
    expect(chooseHost([host('local', 'ready'), placed(host('a', 'ready', 0), 2)])).toBe('a');
  });

  it('stays on the local engine when nothing was measured (an appliance without hosts)', () => {
    expect(chooseHost([host('local', 'ready')])).toBe('local');
    expect(chooseHost([host('x', 'ready'), host('local', 'ready')])).toBe('local');
  });
});
