import { z } from 'zod';
import type { BackupSettings } from './settings-schema';
import { withRepository } from './open-repository';
import { TAG_APP, clearStaleLocks } from './repository';
import { runRestic } from './restic';

/** restic forget arguments for the configured policy; grouped by tags so each customer keeps its own history. */
export function forgetArgs(s: Pick<BackupSettings, 'keep_daily' | 'keep_weekly' | 'keep_monthly'>): string[] {
  return ['forget', '--prune', '--json', '--tag', TAG_APP, '--group-by', 'tags', '--keep-daily', String(s.keep_daily), '--keep-weekly', String(s.keep_weekly), '--keep-monthly', String(s.keep_monthly), '--keep-last', '1'];
}

/** `restic forget --json`: one group per host/paths/tags, with the snapshots it removed. */
const forgetGroups = z.array(z.object({ remove: z.array(z.unknown()).nullish() }));

/** Applies retention with `restic forget --prune` (which needs the exclusive lock). */
export async function applyRetention(s: BackupSettings): Promise<{ removed: number }> {
  return withRepository(async (repo) => {
    await clearStaleLocks(repo);
    const { stdout } = await runRestic(repo, { args: forgetArgs(s), timeoutMs: 60 * 60_000 });
    const groups = forgetGroups.parse(JSON.parse(stdout.split('\n').find((l) => l.startsWith('[')) ?? '[]'));
    return { removed: groups.reduce((n, g) => n + (g.remove?.length ?? 0), 0) };
  }, s);
}

/** The weekly integrity check: structure plus a random share of the data read back. */
export async function checkRepository(s: BackupSettings, subset = '5%'): Promise<void> {
  await withRepository((repo) => runRestic(repo, { args: ['check', `--read-data-subset=${subset}`], timeoutMs: 6 * 60 * 60_000 }).then(() => undefined), s);
}
