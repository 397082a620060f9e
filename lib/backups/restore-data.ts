import { PassThrough, type Readable } from 'node:stream';
import tar from 'tar-stream';
import { AppError } from '../errors';
import type { Engine } from '../docker/engine';
import { writeArchive } from './container-files';
import { runRestic, type RepoAccess } from './restic';
import { parseSnapshots, type ResticSnapshot } from './repository';
import { unpackTenant, type TenantRecord } from './tenant-archive';

export async function findSnapshot(repo: RepoAccess, snapshotId: string): Promise<ResticSnapshot> {
  const { stdout } = await runRestic(repo, { args: ['snapshots', '--json', snapshotId], timeoutMs: 120_000 }).catch((err: unknown) => {
    if (err instanceof AppError && /no matching ID|not found|invalid/i.test(err.message)) throw new AppError('NOT_FOUND', `Snapshot ${snapshotId} is not in the repository.`);
    throw err;
  });
  const found = parseSnapshots(stdout)[0];
  if (!found?.paths?.[0]) throw new AppError('NOT_FOUND', `Snapshot ${snapshotId} is not in the repository.`);
  return found;
}

/** `restic dump` of the snapshot's one file, handed to `consume`; both must succeed. */
async function dump<T>(repo: RepoAccess, snapshot: ResticSnapshot, consume: (stream: Readable) => Promise<T>): Promise<T> {
  const out = new PassThrough();
  const reading = consume(out);
  const dumping = runRestic(repo, { args: ['dump', snapshot.id, snapshot.paths[0]], stdout: out, timeoutMs: 30 * 60_000 });
  // restic failing midway (damaged data) leaves the reader waiting: end its input so it settles.
  dumping.catch(() => out.destroy(new Error('restic dump failed')));
  const [result] = await Promise.all([reading.catch(async (err: unknown) => {
    // The dump's own error says more than "the input ended early".
    await dumping;
    throw err;
  }), dumping]);
  return result;
}

export interface VerifiedSnapshot {
  snapshot: ResticSnapshot;
  record: TenantRecord;
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

const SQLITE_SIDECARS = ['-wal', '-shm', '-journal'];

/**
 * Writes the snapshot's management data into the (stopped) management container through the
 * Docker API. The archive API cannot delete, so a SQLite sidecar the snapshot did not have is
 * written empty: a stale -wal of the replaced database would otherwise be replayed onto it.
 */
export async function writeSnapshotData(engine: Engine, repo: RepoAccess, snapshot: ResticSnapshot, containerId: string, dataPath: string): Promise<{ files: number; bytes: number }> {
  const parent = dataPath.replace(/\/[^/]+\/?$/, '') || '/';
  const dirName = dataPath.replace(/\/$/, '').split('/').pop() ?? '';
  const pack = tar.pack();
  const writing = writeArchive(engine, containerId, parent, pack);
  const seen = new Set<string>();
  const result = await dump(repo, snapshot, (stream) =>
    unpackTenant(stream, {
      onData: (header, entry) =>
        new Promise<void>((resolve, reject) => {
          seen.add(header.name);
          const sink = pack.entry({ ...header, name: `${dirName}/${header.name}` }, (err) => (err ? reject(err) : resolve()));
          entry.pipe(sink);
        }),
    }),
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
