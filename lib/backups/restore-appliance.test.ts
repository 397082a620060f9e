import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encryptSecret } from '../crypto';
import { EMPTIED_TABLES, KEPT_TABLES, MERGED_TABLES, REPLACED_TABLES } from './appliance-tables';
import { secretsReadable } from './restore-appliance';

const KEY = 'unit-test-secret-key-9c1e4b7a2d5f8e3b6a0c9d2e';
const OTHER = 'another-appliance-key-0f3a9b2c7d1e5f8a4b6c';

function database(rows: { setting?: string; hostKey?: string; deploymentKey?: string }): Database.Database {
  const sqlite = new Database(':memory:');
  sqlite.exec('CREATE TABLE "Setting" (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  sqlite.exec('CREATE TABLE "Deployment" (id TEXT PRIMARY KEY, encryptionKey TEXT)');
  sqlite.exec('CREATE TABLE "Host" (id TEXT PRIMARY KEY, sshKey TEXT, tlsKey TEXT)');
  sqlite.prepare('INSERT INTO "Setting" VALUES (?, ?)').run('base_domain', JSON.stringify('msp.example.com'));
  if (rows.setting) sqlite.prepare('INSERT INTO "Setting" VALUES (?, ?)').run('npm_api_password', JSON.stringify(rows.setting));
  if (rows.hostKey) sqlite.prepare('INSERT INTO "Host" VALUES (?, ?, NULL)').run('h1', rows.hostKey);
  if (rows.deploymentKey) sqlite.prepare('INSERT INTO "Deployment" VALUES (?, ?)').run('d1', rows.deploymentKey);
  return sqlite;
}

describe('the SECRET_KEY check of an appliance database restore', () => {
  it('refuses a database without deployments whose sealed setting was sealed with another key', () => {
    expect(secretsReadable(database({ setting: encryptSecret('npm-pass', OTHER) }), 'main', KEY)).toBe(false);
  });

  it('refuses a database whose host key was sealed with another key, even when the deployments open', () => {
    expect(secretsReadable(database({ hostKey: encryptSecret('-----BEGIN KEY-----', OTHER), deploymentKey: encryptSecret('k', KEY) }), 'main', KEY)).toBe(false);
  });

  it('accepts a database whose sealed values all open, and one with nothing sealed', () => {
    expect(secretsReadable(database({ setting: encryptSecret('npm-pass', KEY), hostKey: encryptSecret('key', KEY), deploymentKey: encryptSecret('k', KEY) }), 'main', KEY)).toBe(true);
    expect(secretsReadable(database({}), 'main', KEY)).toBe(true);
  });
});

describe('the tables of an appliance database restore', () => {
  it('decides about every model of the schema: replaced, merged, emptied or kept', () => {
    const schema = fs.readFileSync(path.join(__dirname, '../../prisma/schema.prisma'), 'utf8');
    const models = [...schema.matchAll(/^model (\w+) \{/gm)].map((m) => m[1]).sort();
    const decided: string[] = [...REPLACED_TABLES, ...MERGED_TABLES, ...EMPTIED_TABLES, ...KEPT_TABLES];
    expect(new Set(decided).size).toBe(decided.length);
    expect(decided.filter((t) => t !== '_prisma_migrations').sort()).toEqual(models);
    expect(REPLACED_TABLES).toEqual(expect.arrayContaining(['Host', 'TenantPin', 'Customer', 'Deployment']));
  });
});
