import { z } from 'zod';
import { errorMessage } from '../caught';
import { db } from '../db';
import { log } from '../log';
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

/** The integrity check (runMaintenance runs it weekly): structure plus a random share of the data read back. */
export async function checkRepository(s: BackupSettings, subset = '5%'): Promise<void> {
  await withRepository((repo) => runRestic(repo, { args: ['check', `--read-data-subset=${subset}`], timeoutMs: 6 * 60 * 60_000 }).then(() => undefined), s);
}

/** The outcome of the last retention or check run, kept as a Setting row for the dashboard card. */
export interface MaintenanceResult {
  at: string;
  ok: boolean;
  error: string | null;
}

export type MaintenanceTask = 'retention' | 'check';
const maintenanceKey = (task: MaintenanceTask) => `backup-maintenance.${task}`;
const maintenanceSchema = z.object({ at: z.string(), ok: z.boolean(), error: z.string().nullable() });

export const CHECK_EVERY_MS = 7 * 24 * 60 * 60_000;

/** The check runs when the last one is a week old, failed, or never ran: whatever days the schedule has. */
export function checkDue(last: MaintenanceResult | null, now = new Date()): boolean {
  return !last || !last.ok || now.getTime() - Date.parse(last.at) >= CHECK_EVERY_MS;
}

export async function readMaintenance(task: MaintenanceTask): Promise<MaintenanceResult | null> {
  const row = await db().setting.findUnique({ where: { key: maintenanceKey(task) } });
  if (!row) return null;
  const parsed = maintenanceSchema.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : null;
}

async function recordMaintenance(task: MaintenanceTask, work: () => Promise<unknown>, now: Date): Promise<MaintenanceResult> {
  let result: MaintenanceResult;
  try {
    await work();
    result = { at: now.toISOString(), ok: true, error: null };
  } catch (err) {
    result = { at: now.toISOString(), ok: false, error: errorMessage(err).slice(0, 2000) };
    log.error(`backup ${task} failed`, { error: result.error });
  }
  const key = maintenanceKey(task);
  const value = JSON.stringify(result);
  await db().setting.upsert({ where: { key }, create: { key, value }, update: { value } });
  return result;
}

/**
 * After a scheduled run: retention, then the integrity check when one is due. Each outcome
 * (time, success, restic's reason) is recorded and shown on the dashboard card.
 */
export async function runMaintenance(s: BackupSettings, now = new Date()): Promise<{ retention: MaintenanceResult; check: MaintenanceResult | null }> {
  const retention = await recordMaintenance('retention', () => applyRetention(s), now);
  const check = checkDue(await readMaintenance('check'), now) ? await recordMaintenance('check', () => checkRepository(s), now) : null;
  return { retention, check };
}
