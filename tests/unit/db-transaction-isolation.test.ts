import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { applyMigrations } from '@/lib/migrate';

// The appliance has one SQLite connection. A write from another request must never become part
// of an interactive transaction that happens to be open at that moment: when that transaction
// rolls back, the other request's write would vanish although it was answered as done.
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'db-tx-')), 'db.sqlite');

beforeAll(() => {
  applyMigrations(file, path.resolve(__dirname, '..', '..', 'prisma', 'migrations'));
  process.env.DATABASE_PATH = file;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Tx = Parameters<Parameters<ReturnType<typeof db>['$transaction']>[0]>[0];

/** A transaction that writes, stays open for a while (another request runs meanwhile) and then rolls back. */
function rollingBack(write: (tx: Tx) => Promise<unknown>): { opened: Promise<void>; rolledBack: Promise<unknown> } {
  let inside!: () => void;
  const opened = new Promise<void>((r) => (inside = r));
  const rolledBack = db()
    .$transaction(async (tx) => {
      await write(tx);
      inside();
      await sleep(200);
      throw new Error('roll back');
    })
    .catch((err: unknown) => err);
  return { opened, rolledBack };
}

describe('database transactions', { timeout: 30_000 }, () => {
  it('a write made while another transaction is open survives that transaction rolling back', async () => {
    const { opened, rolledBack } = rollingBack((tx) => tx.auditEvent.create({ data: { actorName: 'tx', action: 'in-transaction' } }));
    await opened;
    await db().auditEvent.create({ data: { actorName: 'other', action: 'outside' } });
    expect(await rolledBack).toBeInstanceOf(Error);
    const left = (await db().auditEvent.findMany({ select: { actorName: true } })).map((r) => r.actorName);
    expect(left).toEqual(['other']);
  });

  it('a read made while another transaction is open does not see its uncommitted writes', async () => {
    const { opened, rolledBack } = rollingBack((tx) => tx.auditEvent.create({ data: { actorName: 'ghost', action: 'uncommitted' } }));
    await opened;
    const seen = await db().auditEvent.count({ where: { actorName: 'ghost' } });
    await rolledBack;
    expect(seen).toBe(0);
  });

  it('transactions take turns: the second begins only after the first has ended', async () => {
    const order: string[] = [];
    const first = db().$transaction(async (tx) => {
      order.push('first begins');
      await tx.auditEvent.create({ data: { actorName: 'first', action: 'turns' } });
      await sleep(150);
      order.push('first ends');
    });
    await sleep(20);
    const second = db().$transaction(async (tx) => {
      order.push('second begins');
      await tx.auditEvent.create({ data: { actorName: 'second', action: 'turns' } });
    });
    await Promise.all([first, second]);
    expect(order).toEqual(['first begins', 'first ends', 'second begins']);
    expect(await db().auditEvent.count({ where: { action: 'turns' } })).toBe(2);
  });

  it('a batch transaction and a plain write during an open transaction both keep their rows', async () => {
    const { opened, rolledBack } = rollingBack((tx) => tx.user.create({ data: { username: 'doomed', passwordHash: 'x', role: 'viewer' } }));
    await opened;
    const [batch, plain] = await Promise.all([
      db().$transaction([db().user.create({ data: { username: 'batch', passwordHash: 'x', role: 'viewer' } })]),
      db().user.create({ data: { username: 'plain', passwordHash: 'x', role: 'viewer' } }),
    ]);
    await rolledBack;
    expect(batch[0].username).toBe('batch');
    expect(plain.username).toBe('plain');
    const names = (await db().user.findMany({ select: { username: true } })).map((u) => u.username).sort();
    expect(names).toEqual(['batch', 'plain']);
  });
});
