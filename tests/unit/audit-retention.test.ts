import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pruneAuditEvents } from '@/lib/audit/prune-audit';
import { db } from '@/lib/db';
import { applyMigrations } from '@/lib/migrate';
import { defaultSettings } from '@/lib/settings/schema';
import { writeSettings } from '@/lib/settings/store';

// Issue 14, finding 9: audit retention is a setting (default 365 days), pruned in the background.
// The database is opened lazily (first db() call), so setting DATABASE_PATH in beforeAll is in time.
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'audit-retention-')), 'db.sqlite');

beforeAll(() => {
  applyMigrations(file, path.resolve(__dirname, '..', '..', 'prisma', 'migrations'));
  process.env.DATABASE_PATH = file;
});

// The first query opens and migrates-checks SQLite; on a loaded shared machine that alone can pass 5 s.
describe('audit retention', { timeout: 30_000 }, () => {
  it('defaults to 365 days and refuses values outside 1..3650 with 422', async () => {
    expect(defaultSettings().audit_retention_days).toBe(365);
    await expect(writeSettings({ audit_retention_days: 0 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(writeSettings({ audit_retention_days: 5000 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('prunes events older than the retention and keeps the rest', async () => {
    const now = new Date('2026-11-29T12:00:00Z');
    const day = 86_400_000;
    await db().auditEvent.createMany({
      data: [
        { actorName: 'old', action: 'x', createdAt: new Date(now.getTime() - 400 * day) },
        { actorName: 'edge', action: 'x', createdAt: new Date(now.getTime() - 364 * day) },
        { actorName: 'new', action: 'x', createdAt: new Date(now.getTime() - 1 * day) },
      ],
    });
    expect(await pruneAuditEvents(now)).toBe(1);
    const left = (await db().auditEvent.findMany({ select: { actorName: true } })).map((r) => r.actorName).sort();
    expect(left).toEqual(['edge', 'new']);
    await writeSettings({ audit_retention_days: 30 });
    expect(await pruneAuditEvents(now)).toBe(1);
    expect((await db().auditEvent.findMany({ select: { actorName: true } })).map((r) => r.actorName)).toEqual(['new']);
  });
});
