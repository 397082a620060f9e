import 'server-only';
import { PassThrough, type Readable } from 'node:stream';
import type Docker from 'dockerode';
import { errorMessage } from '../caught';
import { dockerCall } from '../docker/client';
import type { Engine } from '../docker/engine';
import { HELPER_LABEL } from '../docker/host-files';
import { log } from '../log';
import { pause, readArchive, unpause } from './container-files';

/** Where the helper keeps its copy: an anonymous volume of its own, removed with it. */
const COPY_DIR = '/nbcopy';
const COPY_TIMEOUT_MS = 10 * 60_000;

export interface FrozenRead {
  /** A tar of the directory as it was at the pause (one top directory, like the archive endpoint's). */
  data: Readable;
  /** How long the container was paused, once it runs again (null: it was not running). */
  pauseMs: number | null;
  /** Whether the files came from a copy on the host (false: streamed while paused). */
  copied: boolean;
  /**
   * Call once the data has been read (it ends a streamed pause there) and again on every way
   * out: unpauses if still paused and removes the helper with its copy. Safe to call twice.
   */
  release(): Promise<void>;
}

/**
 * Reads a directory of a running container in a crash-consistent state with a short pause:
 * a helper container on the same engine mounts the container's volumes read-only, the
 * container is paused, the helper copies the directory into its own volume (a local copy
 * on the host's disk, a fraction of a second for a NetBird data directory), and the container
 * runs again before a single byte has left the host. The copy is then read through the
 * archive endpoint at whatever pace the consumer (restic) takes.
 *
 * When the helper cannot run (no shell in the image, no disk for the copy), the directory
 * is streamed from the paused container instead: consistent as before, only a longer pause.
 */
export async function readFrozen(engine: Engine, containerId: string, path: string, running: boolean, helperImage: string): Promise<FrozenRead> {
  if (!running) return { data: await readArchive(engine, containerId, path), pauseMs: null, copied: false, release: async () => undefined };
  const helper = await startHelper(engine, containerId, helperImage).catch((err: unknown) => {
    log.warn('backup copy helper unavailable; streaming from the paused container', { engine: engine.id, error: errorMessage(err) });
    return null;
  });
  let removed = !helper;
  const removeHelper = async () => {
    if (removed || !helper) return;
    removed = true;
    await dockerCall(engine, 'remove backup copy helper', () => helper.remove({ force: true, v: true })).catch((err: unknown) => log.warn('could not remove a backup copy helper', { error: errorMessage(err) }));
  };
  let paused = false;
  const started = Date.now();
  let pauseMs: number | null = null;
  const resume = async () => {
    if (!paused) return;
    await unpause(engine, containerId);
    paused = false;
    pauseMs = Date.now() - started;
  };
  try {
    await pause(engine, containerId);
    paused = true;
    const copied = helper ? await copyInto(engine, helper, path) : false;
    if (copied && helper) {
      await resume();
      const data = await dockerCall(engine, 'read the backup copy', async () => asReadable(await helper.getArchive({ path: COPY_DIR })));
      return { data, get pauseMs() { return pauseMs; }, copied: true, release: removeHelper };
    }
    // No copy: the archive is streamed while paused; the caller releases once it has been read.
    await removeHelper();
    const data = await readArchive(engine, containerId, path);
    return {
      data,
      get pauseMs() { return pauseMs; },
      copied: false,
      release: resume,
    };
  } catch (err) {
    await resume();
    await removeHelper();
    throw err;
  }
}

async function startHelper(engine: Engine, containerId: string, image: string): Promise<Docker.Container> {
  return dockerCall(engine, 'start backup copy helper', async (d) => {
    const helper = await d.createContainer({
      Image: image,
      Entrypoint: ['/bin/sh', '-c'],
      // Waits for the copy; an appliance that dies leaves it for the start-up sweep, at most an hour alive.
      Cmd: ['exec sleep 3600'],
      Labels: { [HELPER_LABEL]: 'backup-copy' },
      Volumes: { [COPY_DIR]: {} },
      HostConfig: { VolumesFrom: [`${containerId}:ro`], NetworkMode: 'none', Memory: 128 * 1024 * 1024 },
    });
    try {
      await helper.start();
    } catch (err) {
      await helper.remove({ force: true, v: true }).catch(() => undefined);
      throw err;
    }
    return helper;
  });
}

/** Runs the copy in the helper; false (and a warning) when it fails, e.g. for lack of disk. */
async function copyInto(engine: Engine, helper: Docker.Container, path: string): Promise<boolean> {
  try {
    return await dockerCall(
      engine,
      'copy data for the backup',
      async () => {
        // The path travels as an argument ($1), never inside the script text.
        const exec = await helper.exec({ Cmd: ['/bin/sh', '-c', `cp -a "$1"/. ${COPY_DIR}/`, 'sh', path], AttachStdout: true, AttachStderr: true });
        const output = await execOutput(await exec.start({ hijack: true, stdin: false }));
        // cast: dockerode types the exec inspection loosely; the engine sends ExitCode.
        const { ExitCode } = (await exec.inspect()) as { ExitCode: number | null };
        if (ExitCode !== 0) throw new Error(`cp exited with ${ExitCode}: ${output.trim().slice(0, 300)}`);
        return true;
      },
      COPY_TIMEOUT_MS,
    );
  } catch (err) {
    log.warn('backup copy failed; streaming from the paused container', { engine: engine.id, error: errorMessage(err) });
    return false;
  }
}

/** The text an exec printed (the engine multiplexes stdout and stderr in 8-byte framed chunks). */
async function execOutput(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
  const all = Buffer.concat(chunks);
  const parts: Buffer[] = [];
  for (let at = 0; at + 8 <= all.length; ) {
    const size = all.readUInt32BE(at + 4);
    parts.push(all.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}

function asReadable(stream: NodeJS.ReadableStream): Readable {
  const out = new PassThrough();
  stream.pipe(out);
  stream.on('error', (err: Error) => out.destroy(err));
  return out;
}
