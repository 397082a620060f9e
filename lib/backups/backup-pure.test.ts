import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { classifyResticFailure } from './restic-errors';
import { parseResticVersion } from './restic-version';
import { checkDue, forgetArgs } from './retention';
import { backupSettingsUpdateSchema } from './settings-schema';
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

  it('packs the same bytes whether the archive is buffered (streamed while paused) or read at restic\'s pace (a copy)', async () => {
    const bytes = async (bufferBytes?: number) => {
      const chunks: Buffer[] = [];
      const packed = packTenant(record, { 'management.json': '{}' }, containerArchive({ 'store.db': 'same', 'idp.db': 'y'.repeat(100_000) }), bufferBytes);
      for await (const c of packed.stream) chunks.push(c as Buffer);
      expect((await packed.done).files).toBe(2);
      return Buffer.concat(chunks);
    };
    const unbuffered = await bytes(0);
    expect(unbuffered.length).toBeGreaterThan(100_000);
    expect(unbuffered.equals(await bytes())).toBe(true);
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
    // S3 refusals, as restic 0.14 prints minio's answers (with its "Is there a repository" hint appended).
    ['Fatal: unable to open config file: Stat: The AWS Access Key Id you provided does not exist in our records.\nIs there a repository at the following location?\ns3:http://s3.example/b', 'BACKUP_REPO_UNREACHABLE'],
    ['Fatal: unable to open config file: Stat: InvalidAccessKeyId', 'BACKUP_REPO_UNREACHABLE'],
    ['Fatal: unable to open config file: Stat: The request signature we calculated does not match the signature you provided. Check your key and signing method.\nIs there a repository at the following location?', 'BACKUP_REPO_UNREACHABLE'],
    ['Fatal: unable to open config file: Stat: SignatureDoesNotMatch', 'BACKUP_REPO_UNREACHABLE'],
    // An S3 endpoint that does not answer: restic appends its "Is there a repository" hint here too.
    ['Fatal: unable to open config file: Stat: Get "http://127.0.0.1:9/bucket/?location=": dial tcp 127.0.0.1:9: connect: connection refused\nIs there a repository at the following location?\ns3:http://127.0.0.1:9/bucket', 'BACKUP_REPO_UNREACHABLE'],
    ['Fatal: unable to open config file: Stat: The specified bucket does not exist\nIs there a repository at the following location?', 'BACKUP_REPO_NOT_FOUND'],
    ['Fatal: unable to open config file: Stat: Access Denied.\nIs there a repository at the following location?\ns3:http://s3.example/b', 'BACKUP_REPO_UNREACHABLE'],
    ['Fatal: create repository at s3:http://s3.example/b failed: client.BucketExists: AccessDenied', 'BACKUP_REPO_UNREACHABLE'],
  ])('%s → %s', (stderr, code) => {
    expect(classifyResticFailure(stderr, 1, null).code).toBe(code);
  });

  it('an S3 refusal names the credentials, not a missing repository', () => {
    const err = classifyResticFailure('Fatal: unable to open config file: Stat: Access Denied.\nIs there a repository at the following location?', 1, null);
    expect(err.message).toMatch(/refused the credentials.*Access Denied/);
  });

  it('the integrity check is due after a week, after a failure, or when it never ran, whatever the weekday', () => {
    const now = new Date('2026-11-30T02:00:00Z'); // a Monday
    const at = (days: number) => new Date(now.getTime() - days * 24 * 60 * 60_000).toISOString();
    expect(checkDue(null, now)).toBe(true);
    expect(checkDue({ at: at(6.9), ok: true, error: null }, now)).toBe(false);
    expect(checkDue({ at: at(7), ok: true, error: null }, now)).toBe(true);
    expect(checkDue({ at: at(1), ok: false, error: 'damaged' }, now)).toBe(true);
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

