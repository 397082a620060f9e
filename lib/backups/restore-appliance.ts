import Database from 'better-sqlite3';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { decryptSecret } from '../crypto';
import { env } from '../env';
import { AppError } from '../errors';
import { applianceDataDir } from './backup-settings';
import { findSnapshot } from './restore-data';
import { runRestic, type RepoAccess } from './restic';

/** Tables copied from a backup, parents first; Prisma's own bookkeeping stays this appliance's. */
const TABLES = ['User', 'ApiToken', 'Customer', 'Deployment', 'Job', 'JobStep', 'AuditEvent', 'Setting', 'Backup'];

export interface ApplianceRestoreResult {
  snapshot_id: string;
  tables: Record<string, number>;
  /** Always true: a backup sealed with another SECRET_KEY is refused before anything changes. */
  secret_key_matches: boolean;
}

const tableInfo = z.array(z.object({ name: z.string() }));

function columns(sqlite: Database.Database, schema: string, table: string): string[] {
  return tableInfo.parse(sqlite.prepare(`PRAGMA ${schema}.table_info("${table}")`).all()).map((c) => c.name);
}

/**
 * Restores the appliance database from a snapshot into the running appliance: the snapshot's
 * file is dumped into a 0700 directory, attached, and each table replaced with its rows (the
 * columns both versions share) in one transaction, so Prisma's connection sees either the old
 * or the new data. This appliance's own backup settings (repository, password) are kept.
 */
export async function restoreApplianceDatabase(repo: RepoAccess, snapshotId: string): Promise<ApplianceRestoreResult> {
  const snapshot = await findSnapshot(repo, snapshotId);
  if (!snapshot.tags?.includes('appliance')) throw new AppError('CONFLICT', `Snapshot ${snapshot.short_id} is not an appliance database backup.`);
  const dir = await fs.mkdtemp(path.join(applianceDataDir(), '.restore-'));
  try {
    await fs.chmod(dir, 0o700);
    const file = path.join(dir, 'appliance.db');
    const out = createWriteStream(file, { mode: 0o600 });
    const closed = new Promise<void>((resolve, reject) => out.on('close', () => resolve()).on('error', reject));
    await runRestic(repo, { args: ['dump', snapshot.id, snapshot.paths[0]], stdout: out });
    await closed;
    const sqlite = new Database(env().DATABASE_PATH, { timeout: 10_000 });
    try {
      const check = new Database(file, { readonly: true });
      const ok = check.pragma('integrity_check', { simple: true });
      check.close();
      if (ok !== 'ok') throw new AppError('BACKUP_DAMAGED', `The appliance database in snapshot ${snapshot.short_id} fails SQLite's integrity check: ${String(ok)}`);
      sqlite.prepare('ATTACH DATABASE ? AS bk').run(file);
      if (!secretsReadable(sqlite, 'bk')) {
        sqlite.prepare('DETACH DATABASE bk').run();
        throw new AppError('CONFLICT', 'The backed-up appliance database was sealed with another SECRET_KEY: start this appliance with the old SECRET_KEY to restore it, or restore the tenants alone (their snapshots carry their own secrets).');
      }
      sqlite.pragma('foreign_keys = OFF');
      const tables: Record<string, number> = {};
      sqlite.transaction(() => {
        for (const table of [...TABLES].reverse()) {
          if (table === 'Setting') sqlite.prepare(`DELETE FROM main."Setting" WHERE key NOT LIKE 'backup.%'`).run();
          else sqlite.prepare(`DELETE FROM main."${table}"`).run();
        }
        for (const table of TABLES) {
          const mine = new Set(columns(sqlite, 'main', table));
          const shared = columns(sqlite, 'bk', table).filter((c) => mine.has(c));
          if (!shared.length) continue;
          const list = shared.map((c) => `"${c}"`).join(', ');
          const where = table === 'Setting' ? ` WHERE key NOT LIKE 'backup.%'` : '';
          tables[table] = sqlite.prepare(`INSERT INTO main."${table}" (${list}) SELECT ${list} FROM bk."${table}"${where}`).run().changes;
        }
        // Work that was under way when the backup was taken did not survive the move.
        const why = 'Interrupted: the appliance database was restored from a backup.';
        sqlite.prepare(`UPDATE main."Job" SET state = 'failed', error = ?, finishedAt = CURRENT_TIMESTAMP WHERE state IN ('queued', 'running')`).run(why);
        sqlite.prepare(`UPDATE main."JobStep" SET state = 'skipped' WHERE state IN ('pending', 'running')`).run();
        sqlite.prepare(`UPDATE main."Backup" SET state = 'failed', error = ? WHERE state = 'running'`).run(why);
      })();
      sqlite.prepare('DETACH DATABASE bk').run();
      return { snapshot_id: snapshot.id, tables, secret_key_matches: true };
    } finally {
      sqlite.close();
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

function secretsReadable(sqlite: Database.Database, schema: string): boolean {
  const encryptionKey: unknown = sqlite.prepare(`SELECT encryptionKey FROM ${schema}."Deployment" WHERE encryptionKey IS NOT NULL LIMIT 1`).pluck().get();
  if (typeof encryptionKey !== 'string') return true;
  try {
    decryptSecret(encryptionKey);
    return true;
  } catch {
    return false;
  }
}
