import Database from 'better-sqlite3';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { db } from '../db';
import { env } from '../env';
import { applianceDataDir } from './backup-settings';
import { withRepository } from './open-repository';
import { TAG_APP, ensureRepository } from './repository';
import { runRestic } from './restic';

export const APPLIANCE_FILE = 'appliance.db';

/**
 * The appliance's own database (users, settings, customers, jobs, audit) with SQLite's online
 * backup API: a consistent copy while the appliance keeps writing. The copy lives in a 0700
 * directory beside the database only while restic reads it. Its secrets stay encrypted with
 * SECRET_KEY, which is therefore needed to use it (see the README's recovery guide).
 */
export async function backupAppliance(trigger: 'manual' | 'schedule' = 'schedule'): Promise<{ snapshotId: string; sizeBytes: number }> {
  const started = Date.now();
  const row = await db().backup.create({ data: { kind: 'appliance', trigger } });
  const dir = await fs.mkdtemp(path.join(applianceDataDir(), '.backup-'));
  try {
    await fs.chmod(dir, 0o700);
    const copy = path.join(dir, APPLIANCE_FILE);
    const source = new Database(env().DATABASE_PATH, { readonly: true, fileMustExist: true });
    try {
      await source.backup(copy);
    } finally {
      source.close();
    }
    const result = await withRepository(async (repo) => {
      await ensureRepository(repo);
      return runRestic(repo, {
        args: ['backup', '--stdin', '--stdin-filename', APPLIANCE_FILE, '--host', TAG_APP, '--json', '--tag', TAG_APP, '--tag', 'appliance'],
        stdin: createReadStream(copy),
        // runRestic collects the JSON lines (the summary with the snapshot id) only for a listener.
        onJson: () => undefined,
      });
    });
    const summary = result.json.find((m) => m.message_type === 'summary') ?? {};
    const snapshotId = String(summary.snapshot_id ?? '');
    const sizeBytes = Number(summary.total_bytes_processed ?? 0);
    await db().backup.update({
      where: { id: row.id },
      data: { state: 'succeeded', snapshotId, sizeBytes, addedBytes: Number(summary.data_added ?? 0), durationMs: Date.now() - started, finishedAt: new Date() },
    });
    return { snapshotId, sizeBytes };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await db().backup.update({ where: { id: row.id }, data: { state: 'failed', error: message.slice(0, 2000), durationMs: Date.now() - started, finishedAt: new Date() } });
    throw err;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
