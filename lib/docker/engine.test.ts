import { describe, expect, it, vi } from 'vitest';
import { isAppError } from '../errors';
import { allEngines, engineFor, LOCAL_ENGINE_ID, localEngine, onEnginesChange, registerEngines } from './engine';

describe('engineFor', () => {
  it('refuses an engine id it does not know, instead of acting on the local engine', () => {
    let err: unknown;
    try {
      engineFor('host-2');
    } catch (e) {
      err = e;
    }
    expect(isAppError(err, 'DOCKER_UNAVAILABLE')).toBe(true);
    expect(() => engineFor({ engineId: 'host-2' })).toThrow(/host-2/);
  });

  it('resolves a deployment without an engine, an empty id and nothing at all to the local engine', () => {
    expect(engineFor({ customerId: 'c1', dashboardPort: 9001 })).toBe(localEngine());
    expect(engineFor({ engineId: '' })).toBe(localEngine());
    expect(engineFor(null)).toBe(localEngine());
    expect(engineFor(LOCAL_ENGINE_ID).id).toBe('local');
  });

  it('lists the local engine as the one engine for fleet-wide reads', () => {
    expect(allEngines().map((e) => e.id)).toEqual([LOCAL_ENGINE_ID]);
  });
});

describe('registerEngines', () => {
  const ssh = (hostKey: string | null) => ({ kind: 'ssh' as const, endpoint: 'ssh://deploy@192.0.2.7', privateKey: 'k', hostKey });

  it('closes the connection of an engine it replaces or forgets, and keeps an unchanged one', () => {
    const changes = vi.fn();
    const stop = onEnginesChange(changes);
    try {
      registerEngines([{ id: 'h1', connection: ssh(null) }]);
      const first = engineFor('h1');
      const reset = vi.spyOn(first, 'reset');
      registerEngines([{ id: 'h1', connection: ssh(null) }]);
      expect(engineFor('h1')).toBe(first);
      expect(reset).not.toHaveBeenCalled();
      expect(changes).toHaveBeenCalledTimes(1);

      // Another key (or endpoint): a new client, and the old one's SSH connection is closed.
      registerEngines([{ id: 'h1', connection: ssh('SHA256:x') }]);
      const second = engineFor('h1');
      expect(second).not.toBe(first);
      expect(reset).toHaveBeenCalledTimes(1);
      const resetSecond = vi.spyOn(second, 'reset');
      registerEngines([]);
      expect(resetSecond).toHaveBeenCalledTimes(1);
      expect(() => engineFor('h1')).toThrow(/h1/);
      expect(changes).toHaveBeenCalledTimes(3);
    } finally {
      stop();
      registerEngines([]);
    }
  });
});
