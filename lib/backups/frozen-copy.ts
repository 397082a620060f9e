import 'server-only';
import { pipeline, type Readable } from 'node:stream';
import { errorMessage } from '../caught';
import type { Engine } from '../docker/engine';
import { log } from '../log';
import { mayBePaused, pause, readArchive, unpause } from './container-files';
import { hostCopier, hostPathBelow } from './host-copier';
import { asPauseWindow, holdDuringPauses } from './pause-window';

export interface FrozenRead {
  /** A tar of the directory as it was at the pause (one top directory, like the archive endpoint's). */
  data: Readable;
  /** How long the container was paused, once it runs again (null: it was not running). */
  pauseMs: number | null;
  /** Whether the files came from a copy on the host (false: streamed while paused). */
  copied: boolean;
  /**
   * Call once the data has been read (it ends a streamed pause there) and again on every way
   * out: unpauses if still paused, or removes the copy. Safe to call twice.
   */
  release(): Promise<void>;
}

/**
 * Reads a directory of a running container in a crash-consistent state with a short pause:
 * the engine's copier (lib/backups/host-copier.ts, a helper on the same host with the tenants'
 * root mounted read-only) copies the directory into its own volume while the container is
 * paused - a local copy, a fraction of a second for a NetBird data directory - and the
 * container runs again before a single byte has left the host. The copy is then read through
 * the archive endpoint at whatever pace the consumer (restic) takes.
 *
 * When no copy can be made (no shell in the image, the data not a bind mount below the root,
 * no disk for the copy), the directory is streamed from the paused container instead:
 * consistent as before, only a longer pause.
 */
export async function readFrozen(engine: Engine, containerId: string, path: string, running: boolean, helper: { image: string; root: string }): Promise<FrozenRead> {
  if (!running) return { data: await readArchive(engine, containerId, path), pauseMs: null, copied: false, release: async () => undefined };
  const copied = await copyWhilePaused(engine, containerId, path, helper).catch(async (err: unknown) => {
    // The copy failed with the container possibly still frozen by it (its unpause failed): pausing
    // it again to stream would hide that. The backup fails instead, saying why.
    if (await mayBePaused(engine, containerId)) throw err;
    log.warn('backup copy unavailable; streaming from the paused container', { engine: engine.id, error: errorMessage(err) });
    return null;
  });
  if (copied) return copied;
  const started = Date.now();
  let paused = false;
  let pauseMs: number | null = null;
  const resume = async () => {
    if (!paused) return;
    await unpause(engine, containerId);
    paused = false;
    pauseMs = Date.now() - started;
  };
  await pause(engine, containerId);
  paused = true;
  try {
    const data = await readArchive(engine, containerId, path);
    return { data, get pauseMs() { return pauseMs; }, copied: false, release: resume };
  } catch (err) {
    await resume();
    throw err;
  }
}

async function copyWhilePaused(engine: Engine, containerId: string, path: string, helper: { image: string; root: string }): Promise<FrozenRead | null> {
  const relative = await hostPathBelow(engine, containerId, path, helper.root);
  if (!relative) return null;
  const copier = await hostCopier(engine, helper.image, helper.root);
  // One pause at a time per copier: a tenant is frozen only while its own copy runs, and the
  // other copies on the host hold their data meanwhile (lib/backups/pause-window.ts).
  const frozen = await copier.exclusive(() => asPauseWindow(engine.id, async () => {
    const started = Date.now();
    await pause(engine, containerId);
    let id: string | null = null;
    try {
      id = await copier.copy(relative);
    } catch (err) {
      // No disk for the copy, say: the caller streams from the paused container instead.
      log.warn('backup copy failed', { engine: engine.id, error: errorMessage(err) });
    } finally {
      await unpause(engine, containerId);
    }
    return { id, pauseMs: Date.now() - started };
  }));
  if (!frozen.id) return null;
  const id = frozen.id;
  let dropped = false;
  const release = async () => {
    if (dropped) return;
    dropped = true;
    await copier.drop(id);
  };
  try {
    // pipeline: ending the held stream early ends the engine's response too (and its lock on the copier).
    const data = pipeline(await copier.read(id), holdDuringPauses(engine.id), () => undefined);
    return { data, pauseMs: frozen.pauseMs, copied: true, release };
  } catch (err) {
    await release();
    throw err;
  }
}
