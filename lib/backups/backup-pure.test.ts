import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { classifyResticFailure } from './restic-errors';
import { parseResticVersion } from './restic-version';
import { forgetArgs } from './retention';
import { backupSettingsUpdateSchema } from './settings-schema';
import { acquireFreezeSlot } from './freeze-slot';
import { packTenant, unpackTenant, type TenantRecord } from './tenant-archive';
import { restoreRequestSchema } from './schemas';

const record: TenantRecord = {
  format: 1,
  customer: { id: 'c1', name: 'Acme', subdomain: 'acme', email: 'a@acme.example', maxDevices: 5, notes: null },
  deployment: { dashboardPort: 9001, relayPort: 3479, encryptionKey: 'k'.repeat(43) + '=', relaySecret: 'r', ownerEmail: 'a@acme.example', ownerPassword: 'pw', ownerToken: null, setupUrl: null },
};

const FILE_TIME = new Date('2026-11-29T02:00:00Z');
function containerArchive(files: Record<string, string>): Readable {
  const pack = tar.pack();
  pack.entry({ name: 'netbird/', type: 'directory', mtime: FILE_TIME });
  for (const [name, content] of Object.entries(files)) pack.entry({ name: `netbird/${name}`, mtime: FILE_TIME }, content);
  pack.finalize();
  return pack;
}

describe('tenant archive', () => {
  it('packs record, config and data and reads them back', async () => {
    const packed = packTenant(record, { 'management.json': '{}' }, containerArchive({ 'store.db': 'marker', 'idp.db': 'x' }));
    const seen: Record<string, string> = {};
    const result = await unpackTenant(packed.stream, {
      onData: async (header, stream) => {
        const chunks: Buffer[] = [];
        for await (const c of stream) chunks.push(c as Buffer);
        seen[header.name] = Buffer.concat(chunks).toString();
      },
    });
    expect(result.record.customer.subdomain).toBe('acme');
    expect(result.files).toBe(2);
    expect(seen).toEqual({ 'store.db': 'marker', 'idp.db': 'x' });
    await packed.sourceRead;
    expect((await packed.done).files).toBe(2);
  });

  it('packs an unchanged tenant to the same bytes, so restic stores nothing new', async () => {
    const bytes = async () => {
      const chunks: Buffer[] = [];
      for await (const c of packTenant(record, { 'management.json': '{}' }, containerArchive({ 'store.db': 'same' })).stream) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    };
    const first = await bytes();
    await new Promise((r) => setTimeout(r, 1100)); // tar keeps whole seconds: a clock in the pack would now differ
    expect((await bytes()).equals(first)).toBe(true);
    const changed = packTenant({ ...record, customer: { ...record.customer, maxDevices: 6 } }, { 'management.json': '{}' }, containerArchive({ 'store.db': 'same' }));
    const chunks: Buffer[] = [];
    for await (const c of changed.stream) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(first)).toBe(false);
  });

  it('refuses a tar without a tenant record', async () => {
    await expect(unpackTenant(containerArchive({ 'store.db': 'x' }), {})).rejects.toMatchObject({ code: 'BACKUP_DAMAGED' });
  });
});

describe('restic failures', () => {
  it.each([
    ['Fatal: wrong password or no key found', 'BACKUP_WRONG_PASSWORD'],
    ['Fatal: unable to save snapshot: write /r/data/ab: no space left on device', 'BACKUP_NO_SPACE'],
    ['Fatal: unable to open config file: stat /x/config: no such file or directory\nIs there a repository at the following location?', 'BACKUP_REPO_NOT_FOUND'],
    ['subprocess ssh: ssh: connect to host 127.0.0.1 port 1: Connection refused', 'BACKUP_REPO_UNREACHABLE'],
    ['Load(<data/1234>, 0, 0) returned error, retrying after 1s: ciphertext verification failed', 'BACKUP_DAMAGED'],
    ['Fatal: unable to create lock in backend: repository is already locked exclusively by PID 12', 'BACKUP_REPO_LOCKED'],
  ])('%s → %s', (stderr, code) => {
    expect(classifyResticFailure(stderr, 1, null).code).toBe(code);
  });

  it('reads the version and builds retention arguments', () => {
    expect(parseResticVersion('restic 0.14.0 compiled with go1.19.8 on linux/amd64')).toEqual([0, 14, 0]);
    expect(forgetArgs({ keep_daily: 7, keep_weekly: 4, keep_monthly: 6 })).toEqual(expect.arrayContaining(['--prune', '--keep-daily', '7', '--keep-weekly', '4', '--keep-monthly', '6', '--group-by', 'tags']));
  });
});

describe('backup settings and restore input', () => {
  it('refuses anything in an SFTP target that a command line could interpret', () => {
    for (const bad of ['u@h:/p; touch /tmp/x', 'u@h:/$(touch x)', 'u@h:/p -oProxyCommand=x', 'u@h:/a`b`', '-oProxyCommand=x@h:/p']) {
      expect(backupSettingsUpdateSchema.safeParse({ sftp_target: bad }).success).toBe(false);
    }
    expect(backupSettingsUpdateSchema.safeParse({ sftp_target: 'backup@nas.example.com:/srv/restic' }).success).toBe(true);
  });

  it('checks the schedule with the cron parser', () => {
    expect(backupSettingsUpdateSchema.safeParse({ schedule: '0 2 * * *' }).success).toBe(true);
    expect(backupSettingsUpdateSchema.safeParse({ schedule: 'every night' }).success).toBe(false);
  });

  it('needs a subdomain for a new customer and none in place', () => {
    expect(restoreRequestSchema.safeParse({ mode: 'new_customer' }).success).toBe(false);
    expect(restoreRequestSchema.safeParse({ mode: 'in_place', subdomain: 'x' }).success).toBe(false);
    expect(restoreRequestSchema.safeParse({ mode: 'new_customer', subdomain: 'acme-2' }).success).toBe(true);
  });
});

describe('freeze slot', () => {
  it('freezes one tenant at a time per engine, and engines independently', async () => {
    const order: string[] = [];
    const a = await acquireFreezeSlot('e1');
    const b = acquireFreezeSlot('e1').then((release) => {
      order.push('b');
      return release;
    });
    const other = await acquireFreezeSlot('e2'); // another engine does not wait for e1
    order.push('other');
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual(['other']);
    a();
    a(); // a second release changes nothing
    const releaseB = await b;
    expect(order).toEqual(['other', 'b']);
    const c = acquireFreezeSlot('e1');
    let cGot = false;
    void c.then(() => (cGot = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(cGot).toBe(false);
    releaseB();
    (await c)();
    other();
  });
});
