import { removeTmp, RUN_ID, TMP } from './harness';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFrozen } from '../../lib/backups/frozen-copy';
import { closeHostCopiers, COPIER_LABEL_VALUE } from '../../lib/backups/host-copier';
import { dockerClient } from '../../lib/docker/client';
import { localEngine } from '../../lib/docker/engine';
import { PROBE_LABELS } from '../../lib/docker/engine-facts';
import { HELPER_LABEL, sweepStoppedHelpers } from '../../lib/docker/host-files';
import { standinImageSettings } from './harness';

/**
 * The backup's short pause on a real engine: management's data directory is copied on the host
 * while the container is paused, and read after it runs again. When the copy cannot be made the
 * directory is streamed from the paused container instead; every way out leaves the container
 * running and no helper (nor its copy) behind.
 */
const engine = localEngine();
const docker = dockerClient();
const IMAGE = standinImageSettings().caddy_image;
const DATA = '/var/lib/netbird';
const hostDir = path.join(TMP, 'frozen-data');
const name = `nb-frozen-${RUN_ID}`;
let containerId: string;

async function state(): Promise<{ Running: boolean; Paused: boolean }> {
  return (await docker.getContainer(containerId).inspect()).State;
}

const HELPER = { image: IMAGE, root: TMP };

/** This test's copier (its tenants' root is this test's temporary directory). */
async function copiers(): Promise<{ Id: string; State: string }[]> {
  const all = await docker.listContainers({ all: true, filters: { label: [`${HELPER_LABEL}=${COPIER_LABEL_VALUE}`] } });
  return all.filter((c) => c.Mounts.some((m) => m.Source === TMP));
}

/** The copies every running copier of this test still holds (tenant data that must not stay). */
async function copiesHeld(): Promise<string> {
  const held: string[] = [];
  for (const copier of (await copiers()).filter((c) => c.State === 'running')) {
    const exec = await docker.getContainer(copier.Id).exec({ Cmd: ['ls', '-A', '/nbcopy'], AttachStdout: true });
    const chunks: Buffer[] = [];
    for await (const c of await exec.start({ hijack: true, stdin: false })) chunks.push(Buffer.from(c));
    held.push(Buffer.concat(chunks).toString('latin1').replace(/[\x00-\x08]/g, '').trim());
  }
  return held.filter(Boolean).join(' ');
}

function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  return Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(what)), ms))]);
}

/** File name (below the archive's top directory) → sha256 of its content. */
async function digests(stream: Readable): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const extract = tar.extract();
  extract.on('entry', (header, entry, next) => {
    const hash = createHash('sha256');
    entry.on('data', (c: Buffer) => hash.update(c));
    entry.on('end', () => {
      const rest = header.name.split('/').slice(1).join('/');
      if (header.type === 'file') out[rest] = hash.digest('hex');
      next();
    });
  });
  await new Promise<void>((resolve, reject) => {
    extract.on('finish', resolve);
    extract.on('error', reject);
    stream.on('error', reject);
    stream.pipe(extract);
  });
  return out;
}

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

beforeAll(async () => {
  fs.mkdirSync(path.join(hostDir, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(hostDir, 'store.db'), randomBytes(4 * 1024 * 1024));
  fs.writeFileSync(path.join(hostDir, 'store.db-wal'), randomBytes(64 * 1024));
  fs.writeFileSync(path.join(hostDir, 'sub', 'idp.db'), randomBytes(128 * 1024));
  const c = await docker.createContainer({
    name,
    Image: IMAGE,
    Entrypoint: ['/bin/sh', '-c'],
    Cmd: ['exec sleep 600'],
    HostConfig: { Binds: [`${hostDir}:${DATA}`] },
  });
  await c.start();
  containerId = c.id;
});

afterAll(async () => {
  closeHostCopiers();
  for (const c of await copiers()) await docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined);
  await docker.getContainer(name).remove({ force: true }).catch(() => undefined);
  removeTmp();
});

describe('readFrozen', () => {
  it('copies the directory during the pause: the container runs again before a byte is read, later writes are not in the copy, nothing is left behind', async () => {
    const before = { store: sha(path.join(hostDir, 'store.db')), wal: sha(path.join(hostDir, 'store.db-wal')), idp: sha(path.join(hostDir, 'sub', 'idp.db')) };
    const frozen = await readFrozen(engine, containerId, DATA, true, HELPER);
    try {
      expect(frozen.copied).toBe(true);
      expect(await state()).toMatchObject({ Running: true, Paused: false });
      expect(frozen.pauseMs).toBeGreaterThanOrEqual(0);
      // Written after the pause ended: the snapshot must not see it.
      fs.writeFileSync(path.join(hostDir, 'store.db'), randomBytes(1024));
      fs.writeFileSync(path.join(hostDir, 'late-file'), 'after the pause');
      const files = await digests(frozen.data);
      expect(files).toEqual({ 'store.db': before.store, 'store.db-wal': before.wal, 'sub/idp.db': before.idp });
    } finally {
      await frozen.release();
      fs.rmSync(path.join(hostDir, 'late-file'), { force: true });
    }
    // The copier stays for the next backup; the copy (tenant data) does not.
    expect(await copiesHeld()).toBe('');
    expect(await state()).toMatchObject({ Running: true, Paused: false });
  });

  it('a copier that died is replaced at the next backup; a closed one stops and is swept', async () => {
    const [first] = await copiers();
    await docker.getContainer(first.Id).kill();
    const frozen = await readFrozen(engine, containerId, DATA, true, HELPER);
    await digests(frozen.data);
    await frozen.release();
    expect(frozen.copied).toBe(true);
    const running = (await copiers()).filter((c) => c.State === 'running');
    expect(running.map((c) => c.Id)).not.toContain(first.Id);
    expect(running).toHaveLength(1);
    // The appliance going away closes the copier's stdin: it stops by itself.
    closeHostCopiers();
    const deadline = Date.now() + 20_000;
    while ((await copiers()).some((c) => c.State === 'running') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect((await copiers()).filter((c) => c.State === 'running')).toEqual([]);
    await sweepStoppedHelpers(engine);
    expect(await copiers()).toEqual([]);
  });

  it('two backups holding copies at once are read side by side, each from a copier of its own', async () => {
    // More than the sockets can buffer: the engine keeps a container locked while an archive of it is still being sent.
    const small = fs.readFileSync(path.join(hostDir, 'store.db'));
    fs.writeFileSync(path.join(hostDir, 'store.db'), randomBytes(48 * 1024 * 1024));
    const expected = sha(path.join(hostDir, 'store.db'));
    const a = await readFrozen(engine, containerId, DATA, true, HELPER);
    try {
      // a's archive is open and unread: the engine keeps its copier locked until it has been read to the end.
      const b = await within(20_000, 'the second backup waited for the first one to be read', readFrozen(engine, containerId, DATA, true, HELPER));
      try {
        expect(b.copied).toBe(true);
        expect((await within(20_000, 'reading the second copy waited for the first one', digests(b.data)))['store.db']).toBe(expected);
      } finally {
        await b.release();
      }
      expect((await digests(a.data))['store.db']).toBe(expected);
    } finally {
      await a.release();
      // Back to the small file: the next tests inspect the container while an archive of it is open.
      fs.writeFileSync(path.join(hostDir, 'store.db'), small);
    }
    expect((await copiers()).filter((c) => c.State === 'running')).toHaveLength(2);
    expect(await copiesHeld()).toBe('');
    expect(await state()).toMatchObject({ Running: true, Paused: false });
  });

  it('streams from the paused container when no helper can run, and unpauses once the data is read', async () => {
    const expected = sha(path.join(hostDir, 'store.db'));
    const frozen = await readFrozen(engine, containerId, DATA, true, { image: `netbird-msp-standin/absent:${RUN_ID}`, root: TMP });
    try {
      expect(frozen.copied).toBe(false);
      // Still frozen while the engine sends the files: that is what keeps them consistent.
      expect(await state()).toMatchObject({ Paused: true });
      expect((await digests(frozen.data))['store.db']).toBe(expected);
    } finally {
      await frozen.release();
    }
    expect(await state()).toMatchObject({ Running: true, Paused: false });
    expect(frozen.pauseMs).toBeGreaterThan(0);
  });

  it('a directory that cannot be read fails with the reason, the container runs and no helper is left', async () => {
    await expect(readFrozen(engine, containerId, '/var/lib/no-such-dir', true, HELPER)).rejects.toThrow(/no-such-dir/);
    expect(await state()).toMatchObject({ Running: true, Paused: false });
    expect(await copiesHeld()).toBe('');
  });
});

describe('sweepStoppedHelpers', () => {
  it('removes stopped helpers with their volumes and leaves running ones alone', async () => {
    const make = (cmd: string, labels: Record<string, string> = { [HELPER_LABEL]: 'sweep-test' }) =>
      docker.createContainer({ Image: IMAGE, Entrypoint: ['/bin/sh', '-c'], Cmd: [cmd], Labels: labels, Volumes: { '/nbcopy': {} } });
    // A "Test connection" probe its appliance never removed (it died, or the engine call timed out).
    // The second sweep counts it as old (no grace), as a sweep five minutes later would.
    const [stopped, running, probe] = await Promise.all([make('true'), make('exec sleep 600'), make('true', PROBE_LABELS)]);
    try {
      await Promise.all([stopped, probe].map(async (c) => (await c.start(), await c.wait())));
      await running.start();
      const volume = (await stopped.inspect()).Mounts.find((m) => m.Destination === '/nbcopy')?.Name;
      expect(volume).toBeTruthy();
      expect(await sweepStoppedHelpers(engine)).toBeGreaterThanOrEqual(1);
      await expect(stopped.inspect()).rejects.toMatchObject({ statusCode: 404 });
      await expect(docker.getVolume(String(volume)).inspect()).rejects.toMatchObject({ statusCode: 404 });
      expect((await running.inspect()).State.Running).toBe(true);
      // A young probe may still be waiting for its output to be read: it stays until it is old.
      expect((await probe.inspect()).State.Status).toBe('exited');
      expect(await sweepStoppedHelpers(engine, 0)).toBeGreaterThanOrEqual(1);
      await expect(probe.inspect()).rejects.toMatchObject({ statusCode: 404 });
    } finally {
      await Promise.all([stopped, running, probe].map((c) => c.remove({ force: true, v: true }).catch(() => undefined)));
    }
  });
});
