import { PassThrough, type Readable } from 'node:stream';
import tar from 'tar-stream';
import { AppError } from '../errors';
import type { Engine } from '../docker/engine';
import { writeArchive } from './container-files';
import { STAGING_NAME, type Staging } from './host-data';
import { runRestic, type RepoAccess } from './restic';
import { parseSnapshots, type ResticSnapshot } from './repository';
import { unpackTenant, type RestoredRecord } from './tenant-archive';

export async function findSnapshot(repo: RepoAccess, snapshotId: string): Promise<ResticSnapshot> {
  const { stdout } = await runRestic(repo, { args: ['--no-lock', 'snapshots', '--json', snapshotId], timeoutMs: 120_000 }).catch((err: unknown) => {
    if (err instanceof AppError && /no matching ID|not found|invalid/i.test(err.message)) throw new AppError('NOT_FOUND', `Snapshot ${snapshotId} is not in the repository.`);
    throw err;
  });
  const found = parseSnapshots(stdout)[0];
  if (!found?.paths?.[0]) throw new AppError('NOT_FOUND', `Snapshot ${snapshotId} is not in the repository.`);
  return found;
}

/**
 * `restic dump` of the snapshot's one file, handed to `consume`; both must succeed. When `stop`
 * rejects (the writer failed), the step fails at once: the consumer's input ends with that
 * error and restic's remaining output is drained and dropped, so restic neither blocks on a
 * full pipe nor holds the step until its timeout.
 */
async function dump<T>(repo: RepoAccess, snapshot: ResticSnapshot, consume: (stream: Readable) => Promise<T>, stop?: Promise<never>): Promise<T> {
  const out = new PassThrough();
  const input = new PassThrough();
  out.pipe(input);
  const reading = consume(input);
  const dumping = runRestic(repo, { args: ['dump', snapshot.id, snapshot.paths[0]], stdout: out, timeoutMs: 30 * 60_000 });
  // restic failing midway (damaged data, a dropped connection) leaves the reader waiting: end its input so it settles.
  dumping.catch(() => input.destroy(new Error('restic dump failed')));
  const both = Promise.all([reading.catch(async (err: unknown) => {
    // The dump's own error says more than "the input ended early".
    await dumping;
    throw err;
  }), dumping]).then(([result]) => result);
  if (!stop) return both;
  both.catch(() => undefined);
  const stopped = stop.catch((err: unknown) => {
    out.unpipe(input);
    input.destroy(err instanceof Error ? err : new Error(String(err)));
    out.resume();
    throw err;
  });
  return Promise.race([both, stopped]);
}

export interface VerifiedSnapshot {
  snapshot: ResticSnapshot;
  record: RestoredRecord;
  files: number;
  bytes: number;
}

/**
 * Reads the whole snapshot once without writing anything: restic checks every blob it returns
 * (a damaged pack fails here), and the record must parse. Nothing of the tenant is touched
 * before this has succeeded.
 */
export async function verifySnapshot(repo: RepoAccess, snapshotId: string): Promise<VerifiedSnapshot> {
  const snapshot = await findSnapshot(repo, snapshotId);
  const result = await dump(repo, snapshot, (stream) => unpackTenant(stream, {}));
  return { snapshot, ...result };
}

/**
 * Streams the snapshot's management data into the staging directory beside the tenant's data
 * (lib/backups/host-data.ts) while the tenant keeps running on its own. It returns only when
 * restic's dump ended cleanly, the tar was read to its end, the engine unpacked all of it, and
 * it held what the verify step counted; only then may the staging directory replace the data.
 */
export async function stageSnapshotData(repo: RepoAccess, verified: VerifiedSnapshot, staging: Staging): Promise<{ files: number; bytes: number }> {
  const pack = tar.pack();
  const writing = staging.write(pack);
  writing.catch(() => undefined);
  // Only a failure of the writer stops the dump early; its success is awaited below.
  const writeFailed = writing.then(() => new Promise<never>(() => undefined));
  let result: { files: number; bytes: number };
  try {
    result = await dump(
      repo,
      verified.snapshot,
      (stream) =>
        unpackTenant(stream, {
          onData: (header, entry) =>
            new Promise<void>((resolve, reject) => {
              const sink = pack.entry({ ...header, name: `${STAGING_NAME}/${header.name}` }, (err) => (err ? reject(err) : resolve()));
              entry.pipe(sink);
            }),
        }),
      writeFailed,
    );
  } catch (err) {
    pack.destroy(err instanceof Error ? err : new Error(String(err)));
    // The engine should be done with the staging directory before it is removed; an upload whose
    // body just stopped may never end by itself, and removing the helper ends it.
    await settledWithin(writing, 20_000);
    throw err;
  }
  pack.finalize();
  await writing;
  if (result.files !== verified.files || result.bytes !== verified.bytes) {
    throw new AppError('BACKUP_DAMAGED', `The restored data differs from what the verify step read (${result.files} files, ${result.bytes} bytes instead of ${verified.files}, ${verified.bytes}): the tenant's data was left as it was.`);
  }
  return { files: result.files, bytes: result.bytes };
}

const SQLITE_SIDECARS = ['-wal', '-shm', '-journal'];

/**
 * Writes the snapshot's management data straight into the (stopped) management container
 * through the Docker API: files are overwritten, none removed, and a failure midway leaves a
 * mix. Kept for the fleet rollback and the layout migration, which restore their own fresh
 * safety snapshots; a restore job uses stageSnapshotData instead. The archive API cannot delete,
 * so a SQLite sidecar the snapshot did not have is written empty: a stale -wal of the replaced
 * database would otherwise be replayed onto it.
 */
export async function writeSnapshotData(engine: Engine, repo: RepoAccess, snapshot: ResticSnapshot, containerId: string, dataPath: string): Promise<{ files: number; bytes: number }> {
  const parent = dataPath.replace(/\/[^/]+\/?$/, '') || '/';
  const dirName = dataPath.replace(/\/$/, '').split('/').pop() ?? '';
  const pack = tar.pack();
  const writing = writeArchive(engine, containerId, parent, pack);
  writing.catch(() => undefined);
  const writeFailed = writing.then(() => new Promise<never>(() => undefined));
  const seen = new Set<string>();
  const result = await dump(
    repo,
    snapshot,
    (stream) =>
      unpackTenant(stream, {
        onData: (header, entry) =>
          new Promise<void>((resolve, reject) => {
            seen.add(header.name);
            const sink = pack.entry({ ...header, name: `${dirName}/${header.name}` }, (err) => (err ? reject(err) : resolve()));
            entry.pipe(sink);
          }),
      }),
    writeFailed,
  ).catch((err: unknown) => {
    pack.destroy(err instanceof Error ? err : new Error(String(err)));
    throw err;
  });
  for (const name of seen) {
    if (!name.endsWith('.db')) continue;
    for (const suffix of SQLITE_SIDECARS) {
      if (!seen.has(`${name}${suffix}`)) pack.entry({ name: `${dirName}/${name}${suffix}`, mode: 0o644, size: 0 }, '');
    }
  }
  pack.finalize();
  await writing;
  return { files: result.files, bytes: result.bytes };
}

function settledWithin(p: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    p.then(
      () => resolve(),
      () => resolve(),
    ).finally(() => clearTimeout(timer));
  });
}
