import path from 'node:path';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { dockerCall, engineStatus } from '../docker/client';
import { runHelper } from '../docker/host-files';
import type { Engine } from '../docker/engine';
import type { TenantStackSpec } from '../netbird/stack-spec';
import { SET_ASIDE_DATA, putBackSetAside } from '../netbird/tenant-files';

/**
 * The tenant's management data directory on its own host (`<tenantDir>/data/management`),
 * reached through one-shot helper containers on the tenant's engine that bind its parent:
 * the same code serves the local engine and remote hosts. Names travel as arguments ($1…),
 * never inside script text.
 */
export interface HostDataDir {
  engine: Engine;
  /** An image with a shell present on that host (the stack's Caddy image, like the backup copier). */
  image: string;
  /** Absolute host path of the directory that holds the data directory. */
  parent: string;
  /** The data directory's name in `parent`. */
  name: string;
}

const MOUNT = '/nbdata';
/**
 * Not the file helpers' label: their sweep removes every stopped one, and the swap helper waits in
 * state `created` while the archive is written into it. Each helper is removed by its own code.
 */
export const RESTORE_HELPER_LABEL = 'netbird-msp.restore-helper';
export const STAGING_NAME = '.restore-staging';
const HELPER_TIMEOUT_MS = 10 * 60_000;

export function managementDataDir(engine: Engine, spec: TenantStackSpec): HostDataDir {
  return { engine, image: spec.images.caddy ?? spec.template.images.caddy, parent: path.join(spec.tenantDir, 'data'), name: 'management' };
}

function createHelper(d: Docker, dir: HostDataDir, script: string, args: string[], readOnly = false): Promise<Docker.Container> {
  return d.createContainer({
    Image: dir.image,
    Entrypoint: ['/bin/sh', '-c'],
    Cmd: [script, 'sh', ...args],
    Labels: { [RESTORE_HELPER_LABEL]: '1' },
    HostConfig: { Binds: [`${dir.parent}:${MOUNT}${readOnly ? ':ro' : ''}`], NetworkMode: 'none', Memory: 64 * 1024 * 1024 },
  });
}

function startAndWait(c: Docker.Container, what: string, dir: HostDataDir): Promise<void> {
  return runHelper(c, `${what} in ${dir.parent} on ${dir.engine.describe()}`);
}

async function runScript(dir: HostDataDir, what: string, script: string, args: string[]): Promise<void> {
  await dockerCall(dir.engine, what, async (d) => {
    const c = await createHelper(d, dir, script, args);
    try {
      await startAndWait(c, what, dir);
    } finally {
      await c.remove({ force: true, v: true });
    }
  }, HELPER_TIMEOUT_MS);
}

/**
 * A swap cut off between its two renames (the host went down, the helper was killed) left the
 * data set aside ($3) and none in place ($2): it goes back before anything else touches either.
 * Set aside data next to data in place is what a swap cut off while removing it left behind; it
 * is kept under a name of its own rather than deleted, in case the data in place is not the
 * tenant's (the engine makes a missing bind directory anew, empty, if the stack ran meanwhile).
 */
const REPAIR = [
  putBackSetAside('"$3"', '"$2"'),
  'if [ -e "$3" ]; then mv -- "$3" "$3-$(date +%Y%m%d%H%M%S)" || exit 1; fi',
];

/** A fresh, empty staging directory ($1) beside the data directory ($2), with its owner and mode. */
const PREPARE = [
  `cd ${MOUNT} || exit 1`,
  ...REPAIR,
  'set -e',
  'rm -rf -- "$1"',
  'mkdir -- "$1"',
  'if [ -d "$2" ]; then chown "$(stat -c %u:%g "$2")" "$1"; chmod "$(stat -c %a "$2")" "$1"; fi',
].join('\n');

/**
 * Staging ($1) becomes the data directory ($2); the old one is set aside ($3) until the rename
 * succeeded, and put back when it did not. Each rename is atomic on the host's filesystem.
 */
const SWAP = [
  `cd ${MOUNT} || exit 1`,
  '[ -d "$1" ] || exit 1',
  ...REPAIR,
  'if [ -e "$2" ]; then mv -- "$2" "$3" || exit 1; fi',
  'if mv -- "$1" "$2"; then rm -rf -- "$3"; exit 0; fi',
  'if [ -e "$3" ]; then mv -- "$3" "$2"; fi',
  'exit 1',
].join('\n');

export interface Staging {
  /** Unpacks a tar whose entries are named `<STAGING_NAME>/…` into the staging directory. */
  write(archive: Readable): Promise<void>;
  /** Replaces the data directory with the staging one (the data's writer must be stopped). */
  swap(): Promise<void>;
  /** Removes the staging directory and the helper; safe after a swap and more than once. */
  discard(): Promise<void>;
}

/**
 * Opens a staging directory next to the data directory: a restore writes the whole snapshot
 * there while the tenant keeps its data, and only an archive that arrived completely replaces it.
 */
export async function openStaging(dir: HostDataDir): Promise<Staging> {
  await runScript(dir, 'prepare the restore staging directory', PREPARE, [STAGING_NAME, dir.name, SET_ASIDE_DATA]);
  const swapper = await dockerCall(dir.engine, 'create the restore helper', (d) => createHelper(d, dir, SWAP, [STAGING_NAME, dir.name, SET_ASIDE_DATA]));
  let removed = false;
  const removeSwapper = async () => {
    if (removed) return;
    removed = true;
    await dockerCall(dir.engine, 'remove the restore helper', () => swapper.remove({ force: true, v: true }));
  };
  return {
    async write(archive) {
      await dockerCall(dir.engine, `write the restore staging directory in ${dir.parent}`, () => swapper.putArchive(archive, { path: MOUNT }), HELPER_TIMEOUT_MS);
    },
    async swap() {
      await dockerCall(dir.engine, 'swap in the restored data', () => startAndWait(swapper, 'Swapping in the restored data', dir), HELPER_TIMEOUT_MS);
      await removeSwapper();
    },
    async discard() {
      await removeSwapper();
      await runScript(dir, 'remove the restore staging directory', 'rm -rf -- "$1"', [`${MOUNT}/${STAGING_NAME}`]);
    },
  };
}

/**
 * The data directory as the archive endpoint serves it (one top directory), read through a
 * read-only helper; null when the host has no such directory. `release` removes the helper.
 */
export async function readHostData(dir: HostDataDir): Promise<{ stream: Readable; release: () => Promise<void> } | null> {
  return dockerCall(dir.engine, `read ${dir.name} in ${dir.parent}`, async (d) => {
    const c = await createHelper(d, dir, 'true', [], true);
    const release = () => c.remove({ force: true, v: true }).then(() => undefined);
    try {
      // The archive endpoint wants the mounted directory to exist: the helper's one start makes sure.
      await startAndWait(c, 'Reading the data directory', dir);
      // cast: dockerode types the archive as NodeJS.ReadableStream; it is the HTTP response, a stream.Readable.
      const stream = (await c.getArchive({ path: `${MOUNT}/${dir.name}` })) as unknown as Readable;
      return { stream, release };
    } catch (err) {
      await release();
      if (engineStatus(err) === 404) return null;
      throw err;
    }
  }, HELPER_TIMEOUT_MS);
}
