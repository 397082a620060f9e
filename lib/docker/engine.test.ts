import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors';
import { allEngines, engineFor, LOCAL_ENGINE_ID, localEngine } from './engine';

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
