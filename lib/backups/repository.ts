import { z } from 'zod';
import { AppError, isAppError } from '../errors';
import { runRestic, type RepoAccess } from './restic';

/** restic's snapshot record as `snapshots --json` prints it (it leaves out an empty host name and tags). */
const resticSnapshotSchema = z.object({
  id: z.string(),
  short_id: z.string(),
  time: z.string(),
  paths: z.array(z.string()),
  hostname: z.string().default(''),
  tags: z.array(z.string()).optional(),
});
export type ResticSnapshot = z.infer<typeof resticSnapshotSchema>;

/** The snapshots `restic snapshots --json` printed (an empty answer is none). */
export function parseSnapshots(stdout: string): ResticSnapshot[] {
  const parsed = z.array(resticSnapshotSchema).safeParse(JSON.parse(stdout || '[]'));
  if (!parsed.success) throw new AppError('BACKUP_FAILED', 'restic listed snapshots in an unexpected form');
  return parsed.data;
}

const initialised = new Set<string>();
const opening = new Map<string, Promise<{ created: boolean }>>();

/**
 * Opens the repository, creating it on first use. Returns whether it was created now. Callers
 * at the same moment share one attempt: two `restic init` of one location at once (the first
 * scheduled run starts several backups together) can leave a repository whose key opens nothing.
 */
export function ensureRepository(repo: RepoAccess): Promise<{ created: boolean }> {
  if (initialised.has(repo.repository)) return Promise.resolve({ created: false });
  let attempt = opening.get(repo.repository);
  if (!attempt) {
    attempt = openOrCreate(repo).finally(() => opening.delete(repo.repository));
    opening.set(repo.repository, attempt);
  }
  return attempt;
}

async function openOrCreate(repo: RepoAccess): Promise<{ created: boolean }> {
  try {
    await runRestic(repo, { args: ['cat', 'config'], timeoutMs: 60_000 });
    initialised.add(repo.repository);
    return { created: false };
  } catch (err) {
    if (!isAppError(err, 'BACKUP_REPO_NOT_FOUND')) throw err;
  }
  await runRestic(repo, { args: ['init'], timeoutMs: 120_000 });
  initialised.add(repo.repository);
  return { created: true };
}

/** Forgets what ensureRepository learnt (the repository was replaced or its settings changed). */
export function forgetRepositoryState(): void {
  initialised.clear();
}

/**
 * Lists without taking a lock: open Backups tabs poll this, and a shared lock of theirs would
 * make retention's `forget --prune` (which needs the exclusive lock) fail.
 */
export async function listSnapshots(repo: RepoAccess, tags: string[] = []): Promise<ResticSnapshot[]> {
  const args = ['--no-lock', 'snapshots', '--json', ...tags.flatMap((t) => ['--tag', t])];
  const { stdout } = await runRestic(repo, { args, timeoutMs: 120_000 });
  return parseSnapshots(stdout);
}

/** Removes locks left by a restic process that no longer runs (the appliance was killed). */
export async function clearStaleLocks(repo: RepoAccess): Promise<void> {
  await runRestic(repo, { args: ['unlock'], timeoutMs: 60_000 });
}

/** Tag helpers: a snapshot's tags say what it holds. */
export const TAG_APP = 'netbird-msp';
export function tagValue(s: Pick<ResticSnapshot, 'tags'>, key: string): string | undefined {
  const prefix = `${key}:`;
  return s.tags?.find((t) => t.startsWith(prefix))?.slice(prefix.length);
}
