import 'server-only';
import Database from 'better-sqlite3';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Applies prisma/migrations/* at start-up, recording them in Prisma's own
 * `_prisma_migrations` table so `prisma migrate deploy` and this agree.
 * Done in-process because the standalone server and the container image
 * do not ship the Prisma CLI.
 */
export function migrationsDir(): string {
  const candidates = [path.join(process.cwd(), 'prisma', 'migrations'), path.join(__dirname, '..', 'prisma', 'migrations')];
  const found = candidates.find((d) => fs.existsSync(d));
  if (!found) throw new Error(`Database migrations not found (looked in ${candidates.join(', ')})`);
  return found;
}

export function applyMigrations(databaseFile: string, dir = migrationsDir()): string[] {
  fs.mkdirSync(path.dirname(databaseFile), { recursive: true });
  const sqlite = new Database(databaseFile);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 10000');
    sqlite.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME, "migration_name" TEXT NOT NULL,
      "logs" TEXT, "rolled_back_at" DATETIME, "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
      "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`);
    const done = new Set(
      sqlite.prepare('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL').pluck().all().map(String),
    );
    const names = fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    const applied: string[] = [];
    for (const name of names) {
      if (done.has(name)) continue;
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      const startedAt = new Date().toISOString().replace('Z', '+00:00');
      const run = sqlite.transaction(() => {
        sqlite.exec(sql);
        sqlite
          .prepare('INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count, started_at) VALUES (?, ?, ?, ?, 1, ?)')
          .run(randomUUID(), checksum, new Date().toISOString().replace('Z', '+00:00'), name, startedAt);
      });
      // Prisma's table rebuilds rely on foreign_keys=OFF, which SQLite ignores inside a
      // transaction: switch it off around the migration, then verify integrity.
      sqlite.pragma('foreign_keys = OFF');
      try {
        run();
        const violations: unknown = sqlite.pragma('foreign_key_check');
        if (Array.isArray(violations) && violations.length) throw new Error(`Migration ${name} left ${violations.length} foreign-key violations`);
      } finally {
        sqlite.pragma('foreign_keys = ON');
      }
      applied.push(name);
    }
    return applied;
  } finally {
    sqlite.close();
  }
}
