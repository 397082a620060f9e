import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors';
import { chooseHost } from './placement';
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

  it('stays on the local engine when nothing was measured (an appliance without hosts)', () => {
    expect(chooseHost([host('local', 'ready')])).toBe('local');
    expect(chooseHost([host('x', 'ready'), host('local', 'ready')])).toBe('local');
  });
});
