import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'read-cache-')), 'db.sqlite');
let writer: Database.Database;
let cachedRead: typeof import('./read-cache').cachedRead;

beforeAll(async () => {
  writer = new Database(file);
  writer.pragma('journal_mode = WAL');
  writer.exec('CREATE TABLE t (v INTEGER)');
  writer.exec('INSERT INTO t VALUES (1)');
  process.env.DATABASE_PATH = file;
  process.env.SECRET_KEY ??= 'read-cache-test-key-6f1e2d3c4b5a69788a7b6c5d4e3f2a1b';
  ({ cachedRead } = await import('./read-cache'));
});

const current = () => (writer.prepare('SELECT v FROM t').pluck().get() as number);

describe('cachedRead', () => {
  it('serves one read until someone commits to the database', async () => {
    let reads = 0;
    const read = async () => (reads++, current());
    expect(await cachedRead('k', [], read)).toBe(1);
    expect(await cachedRead('k', [], read)).toBe(1);
    expect(reads).toBe(1);
    writer.exec('UPDATE t SET v = 2');
    expect(await cachedRead('k', [], read)).toBe(2);
    expect(reads).toBe(2);
  });

  it('reads again when an in-memory input is a different object', async () => {
    let reads = 0;
    const read = async () => ++reads;
    const snapshot = {};
    await cachedRead('d', [snapshot], read);
    await cachedRead('d', [snapshot], read);
    expect(reads).toBe(1);
    await cachedRead('d', [{}], read);
    expect(reads).toBe(2);
  });

  it('lets concurrent callers share one read and never keeps a failed one', async () => {
    let reads = 0;
    const slow = () => new Promise<number>((r) => setTimeout(() => r(++reads), 20));
    const [a, b] = await Promise.all([cachedRead('c', [], slow), cachedRead('c', [], slow)]);
    expect([a, b, reads]).toEqual([1, 1, 1]);
    await expect(cachedRead('f', [], () => Promise.reject(new Error('locked')))).rejects.toThrow('locked');
    expect(await cachedRead('f', [], async () => 'ok')).toBe('ok');
  });

  it('treats a write that lands during a read as making that read stale', async () => {
    let reads = 0;
    const read = async () => {
      reads++;
      const seen = current();
      if (reads === 1) writer.exec('UPDATE t SET v = v + 1');
      return seen;
    };
    const first = await cachedRead('w', [], read);
    expect(await cachedRead('w', [], read)).toBe(first + 1);
  });
});

describe('cached values', () => {
  it('are frozen all the way down, so no caller can change what the next one gets', async () => {
    const page = await cachedRead('frozen', [], async () => ({ items: [{ name: 'a', when: new Date(0) }], total: 1 }));
    expect(Object.isFrozen(page)).toBe(true);
    expect(Object.isFrozen(page.items[0])).toBe(true);
    expect(() => {
      (page.items as { name: string }[]).push({ name: 'b' });
    }).toThrow(TypeError);
  });
});
