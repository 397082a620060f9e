import 'server-only';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import readline from 'node:readline';
import type Docker from 'dockerode';
import { errorMessage } from '../caught';
import { dockerCall } from '../docker/client';
import type { Engine } from '../docker/engine';
import { HELPER_LABEL } from '../docker/host-files';
import { globalSingleton } from '../global-singleton';
import { log } from '../log';

/** The tenants' root on the helper's side (read-only) and its own volume for the copies. */
const MOUNT = '/tenants';
const COPY_DIR = '/nbcopy';
const REQUEST_TIMEOUT_MS = 10 * 60_000;
export const COPIER_LABEL_VALUE = 'backup-copier';

/**
 * The helper's whole program: one request per line on stdin, one answer per line on stdout,
 * in order. Paths arrive as data read by `read -r`, never as script text. A copy is a single
 * `cp -a` into a new directory (ids are random, never reused): it runs while the tenant is
 * frozen, and every process started there (each costs milliseconds on a busy host) lengthens it.
 */
const SCRIPT = [
  'while read -r op id src; do',
  '  case "$op" in',
  `    copy) if [ ! -e "${COPY_DIR}/$id" ] && cp -a "${MOUNT}/$src" "${COPY_DIR}/$id"; then echo "ok $id"; else echo "fail $id"; fi ;;`,
  `    drop) rm -rf "${COPY_DIR}/$id"; echo "ok $id" ;;`,
  '    *) echo "fail $id" ;;',
  '  esac',
  'done',
].join('\n');

export interface HostCopier {
  /** Copies `<root>/<relative>` on the host into a helper's volume; resolves with the copy's id. */
  copy(relative: string): Promise<string>;
  /** The copy as a tar stream (one top directory). */
  read(id: string): Promise<Readable>;
  /** Removes the copy. */
  drop(id: string): Promise<void>;
  /** Runs `work` alone among this copier's callers (a pause never waits on another tenant's copy). */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** Ends the helper (it stops once its stdin closes). */
  close(): void;
  readonly closed: boolean;
}

/**
 * Helpers per engine and tenants' root. The engine holds a container's lock for as long as an
 * archive read from it is open, and a copy is read at restic's pace: one helper would make the
 * backups on a host take turns for their whole read. So each backup holding a copy gets a
 * helper of its own, up to this many (the job runner's usual concurrency); beyond that they
 * share, which is slower, never wrong.
 */
export const COPIERS_PER_ROOT = 4;

type Member = Omit<HostCopier, 'exclusive'>;
interface Slot {
  made: Promise<Member>;
  member?: Member;
  /** Copies held (from copy until drop): a copy is read from the helper that holds it. */
  load: number;
}

const pools = globalSingleton('backupHostCopiers', () => new Map<string, CopierPool>());

/**
 * The copiers of one engine and tenants' root: long-running helpers of an image with a shell
 * present on that host (the stack's Caddy image). Each helper's stdin is this process's attach
 * connection: when the appliance exits, stdin closes, the loop ends and the helper stops, to
 * be swept later. Returns once a helper is running for the caller (started before any pause).
 */
export async function hostCopier(engine: Engine, image: string, root: string): Promise<HostCopier> {
  const key = `${engine.id}\n${root}\n${image}`;
  let pool = pools.get(key);
  if (!pool) pools.set(key, (pool = new CopierPool(() => startCopier(engine, image, root))));
  await pool.ready();
  return pool;
}

/** Ends every copier of this process (shutdown, tests). */
export function closeHostCopiers(): void {
  for (const pool of pools.values()) pool.close();
  pools.clear();
}

class CopierPool implements HostCopier {
  private slots: Slot[] = [];
  private owners = new Map<string, Slot>();
  private queue: Promise<unknown> = Promise.resolve();
  private ended = false;

  constructor(private readonly start: () => Promise<Member>) {}

  get closed(): boolean {
    return this.ended;
  }

  /** A running helper with no copy, or a new one while there are fewer than COPIERS_PER_ROOT. */
  async ready(): Promise<void> {
    this.prune();
    const idle = this.slots.find((s) => s.load === 0) ?? (this.slots.length < COPIERS_PER_ROOT ? this.add() : undefined);
    if (idle) await idle.made;
    else if (!this.slots.some((s) => s.member)) await this.slots[0]?.made;
  }

  async copy(relative: string): Promise<string> {
    this.prune();
    const running = this.slots.filter((s) => s.member);
    const slot = running.length ? running.reduce((a, b) => (b.load < a.load ? b : a)) : this.add();
    slot.load += 1;
    try {
      const id = await (await slot.made).copy(relative);
      this.owners.set(id, slot);
      return id;
    } catch (err) {
      slot.load -= 1;
      throw err;
    }
  }

  async read(id: string): Promise<Readable> {
    const slot = this.owners.get(id);
    if (!slot?.member) throw new Error(`no backup copy ${id} is held`);
    return slot.member.read(id);
  }

  async drop(id: string): Promise<void> {
    const slot = this.owners.get(id);
    if (!slot) return;
    this.owners.delete(id);
    try {
      await slot.member?.drop(id);
    } finally {
      slot.load -= 1;
    }
  }

  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  close(): void {
    this.ended = true;
    for (const slot of this.slots) void slot.made.then((m) => m.close(), () => undefined);
    this.slots = [];
  }

  private add(): Slot {
    const slot: Slot = { made: this.start(), load: 0 };
    slot.made.then(
      (m) => (slot.member = m),
      () => (this.slots = this.slots.filter((s) => s !== slot)),
    );
    this.slots.push(slot);
    return slot;
  }

  /** Helpers that stopped (killed, engine restarted) are forgotten; their copies are gone with them. */
  private prune(): void {
    this.slots = this.slots.filter((s) => !s.member?.closed);
  }
}

/** The host directory mounted at `target` in a container, relative to `root`; null when it is not a bind mount below it. */
export async function hostPathBelow(engine: Engine, containerId: string, target: string, root: string): Promise<string | null> {
  const info = await dockerCall(engine, `inspect ${containerId}`, (d) => d.getContainer(containerId).inspect());
  const mount = info.Mounts.find((m) => m.Destination === target && m.Type === 'bind');
  if (!mount) return null;
  const relative = path.relative(root, mount.Source);
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative) || !/^[A-Za-z0-9._/-]+$/.test(relative)) return null;
  return relative;
}

async function startCopier(engine: Engine, image: string, root: string): Promise<Member> {
  const { container, stream } = await dockerCall(engine, 'start the backup copier', async (d) => {
    const created = await d.createContainer({
      Image: image,
      Entrypoint: ['/bin/sh', '-c'],
      Cmd: [SCRIPT],
      OpenStdin: true,
      StdinOnce: true,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Labels: { [HELPER_LABEL]: COPIER_LABEL_VALUE },
      Volumes: { [COPY_DIR]: {} },
      HostConfig: { Binds: [`${root}:${MOUNT}:ro`], NetworkMode: 'none', Memory: 256 * 1024 * 1024 },
    });
    try {
      // cast: dockerode types a hijacked attach as a readable; it is the duplex socket.
      const attached = (await created.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })) as NodeJS.ReadWriteStream;
      await created.start();
      return { container: created, stream: attached };
    } catch (err) {
      await created.remove({ force: true, v: true }).catch(() => undefined);
      throw err;
    }
  });
  return copierOver(engine, container, stream);
}

function copierOver(engine: Engine, container: Docker.Container, stream: NodeJS.ReadWriteStream): Member {
  const pending = new Map<string, { resolve: () => void; reject: (err: Error) => void; timer: NodeJS.Timeout }>();
  let closed = false;
  let stderrTail = '';
  const out = new PassThrough();
  const err = new PassThrough();
  container.modem.demuxStream(stream, out, err);
  err.on('data', (c: Buffer) => (stderrTail = (stderrTail + c.toString('utf8')).slice(-400)));
  readline.createInterface({ input: out }).on('line', (line) => {
    const [answer, id] = line.trim().split(' ');
    const waiting = pending.get(id ?? '');
    if (!waiting) return;
    pending.delete(id);
    clearTimeout(waiting.timer);
    if (answer === 'ok') waiting.resolve();
    else waiting.reject(new Error(`the copy failed on ${engine.describe()}: ${stderrTail.trim().split('\n').pop() ?? 'no reason given'}`));
  });
  const end = (why: string) => {
    if (closed) return;
    closed = true;
    for (const [id, waiting] of pending) {
      clearTimeout(waiting.timer);
      waiting.reject(new Error(`the backup copier on ${engine.describe()} ${why}`));
      pending.delete(id);
    }
  };
  stream.on('end', () => end('stopped'));
  stream.on('close', () => end('stopped'));
  stream.on('error', (e: Error) => end(`failed: ${e.message}`));

  const request = (op: 'copy' | 'drop', id: string, relative = ''): Promise<void> =>
    new Promise((resolve, reject) => {
      if (closed) return reject(new Error(`the backup copier on ${engine.describe()} stopped`));
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`the backup copier on ${engine.describe()} did not answer within ${REQUEST_TIMEOUT_MS / 1000} s`));
      }, REQUEST_TIMEOUT_MS);
      pending.set(id, { resolve, reject, timer });
      stream.write(`${op} ${id} ${relative}\n`);
    });

  return {
    get closed() {
      return closed;
    },
    async copy(relative) {
      const id = randomBytes(8).toString('hex');
      await request('copy', id, relative);
      return id;
    },
    async read(id) {
      // cast: dockerode types the archive as NodeJS.ReadableStream; it is the HTTP response, a stream.Readable.
      return dockerCall(engine, 'read a backup copy', async () => (await container.getArchive({ path: `${COPY_DIR}/${id}` })) as unknown as Readable);
    },
    async drop(id) {
      await request('drop', id).catch((e: unknown) => log.warn('could not remove a backup copy', { engine: engine.id, error: errorMessage(e) }));
    },
    close() {
      stream.end();
      end('was closed');
    },
  };
}
