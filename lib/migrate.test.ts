import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyMigrations } from './migrate';

const dir = path.resolve(__dirname, '..', 'prisma', 'migrations');

describe('start-up migrations', () => {
  it('applies every migration once, records it like Prisma, and keeps related rows', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mig-')), 'db.sqlite');
    const first = applyMigrations(file, dir);
    expect(first.length).toBeGreaterThanOrEqual(2);
    expect(applyMigrations(file, dir)).toEqual([]);
    const sqlite = new Database(file);
    const recorded = sqlite.prepare('SELECT migration_name, finished_at FROM _prisma_migrations').all() as { migration_name: string; finished_at: string }[];
    expect(recorded.map((r) => r.migration_name)).toEqual(first);
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    const cols = (sqlite.prepare('PRAGMA table_info(Customer)').all() as { name: string }[]).map((c) => c.name);
    expect(cols).toContain('desiredState');
    sqlite.close();
  });
});
