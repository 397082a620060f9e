import 'server-only';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import tar from 'tar-stream';
import { dockerCall } from './client';
import type { Engine } from './types';

/**
 * Files on an engine's own host, written and removed through the Docker API alone: a helper
 * container of an image already present there bind-mounts one directory of the host, and the
 * archive endpoint unpacks a tar built in memory into it. Nothing crosses the appliance's disk
 * (no temporary file with a secret in clear text) and no shell login is needed, so the same
 * code serves TLS and SSH engines.
 */
export const HELPER_LABEL = 'netbird-msp.helper';
const MOUNT = '/nbroot';
const HELPER_TIMEOUT_MS = 60_000;

export type HostEntry = { path: string; mode: number; dir: true } | { path: string; mode: number; content: string };

/** A relative path below the mounted root: no `..`, no absolute path, nothing empty. */
function assertRelative(p: string): void {
  const parts = p.split('/');
  if (!p || p.startsWith('/') || parts.some((s) => !s || s === '.' || s === '..')) throw new Error(`Refusing host path "${p}"`);
}

function assertRoot(root: string): void {
  if (!path.isAbsolute(root) || path.resolve(root) !== root.replace(/\/+$/, '') || root === '/') throw new Error(`Refusing host directory "${root}"`);
}

export async function packEntries(entries: HostEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  for (const e of entries) {
    assertRelative(e.path);
    await new Promise<void>((resolve, reject) => {
      const header = { name: e.path, mode: e.mode, uid: 0, gid: 0, mtime: new Date() };
      const cb = (err?: Error | null) => (err ? reject(err) : resolve());
      if ('dir' in e) pack.entry({ ...header, type: 'directory' }, cb);
      else pack.entry(header, e.content, cb);
    });
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** Starts a helper and waits for it to exit; an exit other than 0 fails with `what` (e.g. "Removing /x on host"). */
export async function runHelper(c: Docker.Container, what: string): Promise<void> {
  await c.start();
  // cast: dockerode types the wait answer as any; the engine sends { StatusCode }.
  const { StatusCode } = (await c.wait()) as { StatusCode: number };
  if (StatusCode !== 0) throw new Error(`${what} failed (exit ${StatusCode})`);
}

async function withHelper<T>(d: Docker, image: string, root: string, run: (c: Docker.Container) => Promise<T>, cmd?: string[]): Promise<T> {
  // HostConfig.Binds (not Mounts) makes the engine create a missing root directory itself.
  const container = await d.createContainer({
    Image: image,
    Entrypoint: cmd ? ['/bin/sh', '-c'] : ['/bin/true'],
    Cmd: cmd ?? [],
    Labels: { [HELPER_LABEL]: '1' },
    HostConfig: { Binds: [`${root}:${MOUNT}`], NetworkMode: 'none', Memory: 32 * 1024 * 1024 },
  });
  try {
    return await run(container);
  } finally {
    await container.remove({ force: true, v: true });
  }
}

/** A shell script run in `root` before the files are written, its names passed as $1, $2…; it must exit 0. */
export interface HostScript {
  script: string;
  args: string[];
}

/**
 * Creates `entries` under `root` on the engine's host. Directories are created (an existing one
 * and its contents are left as they are); files are replaced whole, with the given modes.
 */
export async function writeHostFiles(engine: Engine, image: string, root: string, entries: HostEntry[], before?: HostScript): Promise<void> {
  assertRoot(root);
  const archive = await packEntries(entries);
  const cmd = before ? [`cd ${MOUNT} || exit 1\n${before.script}`, 'sh', ...before.args] : ['true'];
  await dockerCall(
    engine,
    `write files under ${root}`,
    async (d) => {
      // The archive endpoint wants the root to exist: the first start of the helper creates it.
      await withHelper(d, image, root, async (c) => {
        await runHelper(c, `Preparing ${root} on ${engine.describe()}`);
        await c.putArchive(archive, { path: MOUNT });
      }, cmd);
    },
    HELPER_TIMEOUT_MS,
  );
}

/** A tar stream of `relPath` under `root` on the engine's host (tests and diagnostics read files back with it). */
export async function readHostArchive(engine: Engine, image: string, root: string, relPath: string): Promise<Buffer> {
  assertRoot(root);
  assertRelative(relPath);
  return dockerCall(engine, `read ${relPath} under ${root}`, (d) =>
    withHelper(d, image, root, async (c) => {
      // cast: dockerode types the archive answer as its own stream wrapper; it is a Node readable stream.
      const stream = (await c.getArchive({ path: `${MOUNT}/${relPath}` })) as unknown as Readable;
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
      return Buffer.concat(chunks);
    }),
  );
}

/** Runs `script` in `root` on the engine's host (names as $1, $2…); it must exit 0. */
export async function runHostScript(engine: Engine, image: string, root: string, what: string, script: HostScript): Promise<void> {
  assertRoot(root);
  await dockerCall(
    engine,
    what,
    (d) => withHelper(d, image, root, (c) => runHelper(c, `${what} in ${root} on ${engine.describe()}`), [`cd ${MOUNT} || exit 1\n${script.script}`, 'sh', ...script.args]),
    HELPER_TIMEOUT_MS,
  );
}

/** Removes `<root>/<name>` on the engine's host; `name` is one path segment. */
export async function removeHostDir(engine: Engine, image: string, root: string, name: string): Promise<void> {
  assertRoot(root);
  assertRelative(name);
  if (name.includes('/')) throw new Error(`Refusing to remove "${name}": not one directory name`);
  await dockerCall(
    engine,
    `remove ${root}/${name}`,
    (d) =>
      // The name travels as an argument ($1), never inside the script text.
      withHelper(d, image, root, (c) => runHelper(c, `Removing ${root}/${name} on ${engine.describe()}`), [`rm -rf -- "${MOUNT}/$1"`, 'sh', name]),
    HELPER_TIMEOUT_MS,
  );
}

/** The helper label's value on a "Test connection" probe (lib/docker/engine-facts.ts). */
export const PROBE_LABEL_VALUE = 'probe';
/**
 * A probe's output is read after it has exited: another appliance's (or this one's) sweep must
 * not take it meanwhile, so a stopped probe is only swept once it is this old.
 */
const PROBE_GRACE_MS = 5 * 60_000;

/**
 * Removes helpers that no longer run (with their volumes: a backup copy holds tenant data).
 * A running one belongs to work in progress, or ends by itself within the hour after its
 * appliance died and is removed by the next sweep (start-up, each scheduled backup run).
 */
export async function sweepStoppedHelpers(engine: Engine, probeGraceMs = PROBE_GRACE_MS): Promise<number> {
  return dockerCall(engine, 'remove stopped helpers', async (d) => {
    const stopped = await d.listContainers({ all: true, filters: { label: [HELPER_LABEL], status: ['created', 'exited', 'dead'] } });
    const bornBefore = (Date.now() - probeGraceMs) / 1000;
    const gone = stopped.filter((c) => c.Labels?.[HELPER_LABEL] !== PROBE_LABEL_VALUE || c.Created < bornBefore);
    for (const c of gone) await d.getContainer(c.Id).remove({ force: true, v: true });
    return gone.length;
  });
}
