import Database from 'better-sqlite3';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { decryptSecret, isEncrypted } from '../crypto';
import { env } from '../env';
import { AppError } from '../errors';
import { EMPTIED_TABLES, MERGED_TABLES, REPLACED_TABLES, SETTING_KEPT } from './appliance-tables';
import { applianceDataDir } from './backup-settings';
import { findSnapshot } from './restore-data';
import { runRestic, type RepoAccess } from './restic';

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
      const tables = sqlite.transaction(() => replaceTables(sqlite))();
      sqlite.prepare('DETACH DATABASE bk').run();
      return { snapshot_id: snapshot.id, tables, secret_key_matches: true };
    } finally {
      sqlite.close();
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

function hasTable(sqlite: Database.Database, schema: string, table: string): boolean {
  return sqlite.prepare(`SELECT 1 FROM ${schema}.sqlite_master WHERE type = 'table' AND name = ?`).get(table) !== undefined;
}

function copyRows(sqlite: Database.Database, table: string, verb: 'INSERT' | 'INSERT OR IGNORE', where = ''): number {
  const mine = new Set(columns(sqlite, 'main', table));
  const shared = columns(sqlite, 'bk', table).filter((c) => mine.has(c));
  if (!shared.length) return 0;
  const list = shared.map((c) => `"${c}"`).join(', ');
  return sqlite.prepare(`${verb} INTO main."${table}" (${list}) SELECT ${list} FROM bk."${table}"${where}`).run().changes;
}

/** One transaction: Prisma's connection sees the old rows or the new ones, never a mix. */
function replaceTables(sqlite: Database.Database): Record<string, number> {
  const keep = ` WHERE key NOT LIKE '${SETTING_KEPT}'`;
  // A table the backup does not have (an older release) keeps this appliance's rows.
  const replaced = REPLACED_TABLES.filter((t) => hasTable(sqlite, 'main', t) && hasTable(sqlite, 'bk', t));
  for (const table of [...replaced].reverse()) sqlite.prepare(`DELETE FROM main."${table}"${table === 'Setting' ? keep : ''}`).run();
  for (const table of EMPTIED_TABLES) if (hasTable(sqlite, 'main', table)) sqlite.prepare(`DELETE FROM main."${table}"`).run();
  const tables: Record<string, number> = {};
  for (const table of replaced) tables[table] = copyRows(sqlite, table, 'INSERT', table === 'Setting' ? keep : '');
  for (const table of MERGED_TABLES) if (hasTable(sqlite, 'main', table) && hasTable(sqlite, 'bk', table)) tables[table] = copyRows(sqlite, table, 'INSERT OR IGNORE');
  markInterrupted(sqlite);
  return tables;
}

/** Work that was under way when the backup was taken did not survive the move. */
function markInterrupted(sqlite: Database.Database): void {
  const why = 'Interrupted: the appliance database was restored from a backup.';
  const run = (table: string, sql: string, ...args: string[]) => {
    if (hasTable(sqlite, 'main', table)) sqlite.prepare(sql).run(...args);
  };
  run('Job', `UPDATE main."Job" SET state = 'failed', error = ?, finishedAt = CURRENT_TIMESTAMP WHERE state IN ('queued', 'running')`, why);
  run('JobStep', `UPDATE main."JobStep" SET state = 'skipped' WHERE state IN ('pending', 'running')`);
  run('Backup', `UPDATE main."Backup" SET state = 'failed', error = ? WHERE state = 'running'`, why);
  run('UpgradePlan', `UPDATE main."UpgradePlan" SET state = 'aborted', stateReason = ?, finishedAt = CURRENT_TIMESTAMP WHERE state IN ('running', 'paused')`, why);
  run('UpgradeTenant', `UPDATE main."UpgradeTenant" SET state = 'failed', reason = ?, finishedAt = CURRENT_TIMESTAMP WHERE state IN ('backup', 'upgrading', 'health', 'rolling_back')`, why);
  run('UpgradeTenant', `UPDATE main."UpgradeTenant" SET state = 'skipped', reason = ? WHERE state = 'pending'`, why);
  run('TenantMove', `UPDATE main."TenantMove" SET state = 'failed', error = ?, finishedAt = CURRENT_TIMESTAMP WHERE state IN ('queued', 'running')`, why);
  run('HostDrain', `UPDATE main."HostDrain" SET state = 'interrupted', finishedAt = CURRENT_TIMESTAMP WHERE state = 'running'`);
}

/** Sealed values of the backup, one of each kind that has any: every one must open with this SECRET_KEY. */
const SEALED: { table: string; column: string }[] = [
  { table: 'Deployment', column: 'encryptionKey' },
  { table: 'Host', column: 'sshKey' },
  { table: 'Host', column: 'tlsKey' },
  { table: 'NotificationChannel', column: 'secrets' },
  { table: 'User', column: 'totpSecret' },
];

function opens(value: unknown, secret: string): boolean {
  if (typeof value !== 'string') return true;
  try {
    decryptSecret(value, secret);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether the backup's secrets open with this SECRET_KEY. A database without deployments still
 * holds sealed settings, host keys or channel secrets: each kind present is tried.
 */
export function secretsReadable(sqlite: Database.Database, schema: string, secret = env().SECRET_KEY): boolean {
  for (const { table, column } of SEALED) {
    if (!hasTable(sqlite, schema, table) || !columns(sqlite, schema, table).includes(column)) continue;
    const value: unknown = sqlite.prepare(`SELECT "${column}" FROM ${schema}."${table}" WHERE "${column}" IS NOT NULL LIMIT 1`).pluck().get();
    if (!opens(value, secret)) return false;
  }
  if (!hasTable(sqlite, schema, 'Setting')) return true;
  for (const raw of sqlite.prepare(`SELECT value FROM ${schema}."Setting"`).pluck().all()) {
    let value: unknown;
    try {
      value = JSON.parse(String(raw));
    } catch {
      continue; // not JSON: not a sealed value either
    }
    if (typeof value === 'string' && isEncrypted(value)) return opens(value, secret);
  }
  return true;
}
