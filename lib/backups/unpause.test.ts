import { PassThrough } from 'node:stream';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Engine } from '../docker/types';

// The copier is a container on the host; here it copies at once, so the test is about the pause.
vi.mock('./host-copier', () => ({
  hostPathBelow: async () => 'tenant/data',
  hostCopier: async () => ({
    exclusive: <T>(work: () => Promise<T>) => work(),
    copy: async () => 'copy-1',
    read: async () => new PassThrough(),
    drop: async () => undefined,
    close: () => undefined,
    closed: false,
  }),
}));

const { unpause } = await import('./container-files');
const { readFrozen } = await import('./frozen-copy');

/** An engine whose container pauses for real (in this fake) and refuses to unpause `failures` times. */
function fakeEngine(failures: number, opts: { inspectFails?: boolean } = {}) {
  const calls = { pause: 0, unpause: 0, archive: 0 };
  let paused = false;
  const engineError = () => Object.assign(new Error('cannot thaw cgroup'), { statusCode: 500 });
  const container = {
    pause: async () => {
      calls.pause++;
      paused = true;
    },
    unpause: async () => {
      calls.unpause++;
      if (calls.unpause <= failures) throw engineError();
      paused = false;
    },
    inspect: async () => {
      if (opts.inspectFails) throw engineError();
      return { State: { Paused: paused, Status: paused ? 'paused' : 'running' } };
    },
    getArchive: async () => {
      calls.archive++;
      return new PassThrough();
    },
  };
  const engine = { id: 'fake', describe: () => 'fake://engine', docker: () => ({ getContainer: () => container }) } as unknown as Engine;
  return { engine, calls, isPaused: () => paused, pauseNow: () => void (paused = true) };
}

const helper = { image: 'caddy', root: '/srv' };
const fast = [1, 1, 1];

describe('unpause', () => {
  beforeEach(() => vi.restoreAllMocks());

  it('a refused unpause of a still-paused container fails loudly after bounded retries', async () => {
    const f = fakeEngine(Infinity);
    f.pauseNow();
    const err = await unpause(f.engine, 'c1', fast).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BACKUP_FAILED' });
    expect((err as Error).message).toMatch(/could not be unpaused after 4 attempts.*cannot thaw cgroup/);
    expect(f.calls.unpause).toBe(4);
    expect(f.isPaused()).toBe(true);
  });

  it('retries while the container is still paused and succeeds when the engine does', async () => {
    const f = fakeEngine(2);
    f.pauseNow();
    await unpause(f.engine, 'c1', fast);
    expect(f.calls.unpause).toBe(3);
    expect(f.isPaused()).toBe(false);
  });

  it('a 500 for a container that is not paused is fine (nothing is frozen)', async () => {
    const f = fakeEngine(Infinity);
    await unpause(f.engine, 'c1', fast);
    expect(f.calls.unpause).toBe(1);
  });

  it('when the state cannot be read either, it is treated as paused and fails', async () => {
    const f = fakeEngine(Infinity, { inspectFails: true });
    f.pauseNow();
    await expect(unpause(f.engine, 'c1', fast)).rejects.toMatchObject({ code: 'BACKUP_FAILED' });
  });
});

describe('readFrozen after a failed unpause of the copy', () => {
  it('fails the read instead of pausing the still-paused container again to stream it', async () => {
    const f = fakeEngine(Infinity);
    const err = await readFrozen(f.engine, 'c1', '/var/lib/netbird', true, helper).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/could not be unpaused/);
    // Paused once, by the copy; never paused again for the streamed path, nothing streamed.
    expect(f.calls.pause).toBe(1);
    expect(f.calls.archive).toBe(0);
  }, 15_000);

  it('a copy whose unpause succeeds on a retry is used', async () => {
    const f = fakeEngine(1);
    const frozen = await readFrozen(f.engine, 'c1', '/var/lib/netbird', true, helper);
    expect(frozen.copied).toBe(true);
    expect(f.isPaused()).toBe(false);
    await frozen.release();
  });
});
