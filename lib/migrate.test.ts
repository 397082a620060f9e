import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
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

  it('moves existing deployments to the local host and makes ports unique per host', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mig-')), 'db.sqlite');
    const all = fs.readdirSync(dir).filter((d) => /^\d/.test(d)).sort();
    const before = all.filter((d) => d < '20261129150000');
    const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-dir-'));
    for (const d of before) fs.cpSync(path.join(dir, d), path.join(stage, d), { recursive: true });
    applyMigrations(file, stage);
    const sqlite = new Database(file);
    const now = new Date().toISOString();
    sqlite.prepare('INSERT INTO Customer (id, name, subdomain, email, maxDevices, updatedAt) VALUES (?, ?, ?, ?, 5, ?)').run('c1', 'One', 'one', 'a@b.c', now);
    sqlite.prepare('INSERT INTO Customer (id, name, subdomain, email, maxDevices, updatedAt) VALUES (?, ?, ?, ?, 5, ?)').run('c2', 'Two', 'two', 'a@b.c', now);
    sqlite.prepare('INSERT INTO Deployment (id, customerId, dashboardPort, relayPort, updatedAt) VALUES (?, ?, ?, ?, ?)').run('d1', 'c1', 9001, 3479, now);
    sqlite.close();

    applyMigrations(file, dir);
    const db = new Database(file);
    expect(db.prepare('SELECT hostId FROM Deployment WHERE id = ?').get('d1')).toEqual({ hostId: 'local' });
    expect(db.prepare("SELECT endpoint FROM Host WHERE id = 'local'").get()).toEqual({ endpoint: 'local' });
    const insert = db.prepare('INSERT INTO Deployment (id, customerId, hostId, dashboardPort, relayPort, updatedAt) VALUES (?, ?, ?, ?, ?, ?)');
    expect(() => insert.run('d2', 'c2', 'local', 9001, 3480, now)).toThrow(/UNIQUE/);
    insert.run('d2', 'c2', 'h2', 9001, 3479, now);
    expect(db.prepare('SELECT COUNT(*) AS n FROM Deployment WHERE dashboardPort = 9001').get()).toEqual({ n: 2 });
    db.close();
  });

  // The Docker tests migrate their databases with applyMigrations too; Prisma's own CLI must read
  // what it recorded as complete. Prisma's start takes seconds, over a minute on a loaded machine.
  it("leaves nothing for Prisma's migrate deploy to apply", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mig-')), 'db.sqlite');
    applyMigrations(file, dir);
    const root = path.resolve(__dirname, '..');
    const { stdout } = await promisify(execFile)(path.join(root, 'node_modules', '.bin', 'prisma'), ['migrate', 'deploy'], {
      cwd: root,
      env: { ...process.env, DATABASE_PATH: file },
      timeout: 240_000,
    });
    expect(stdout).toMatch(/No pending migrations to apply/);
  }, 240_000);
});
