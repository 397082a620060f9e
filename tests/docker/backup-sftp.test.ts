import { DATA_ROOT, migrateDatabase, removeTmp, TMP } from './harness';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBackupSettings } from '../../lib/backups/backup-settings';
import { sftpKeyRoot, sweepSftpKeyDirs, withRepository } from '../../lib/backups/open-repository';
import { ensureRepository, forgetRepositoryState, listSnapshots } from '../../lib/backups/repository';
import { runRestic } from '../../lib/backups/restic';

/**
 * An SFTP repository on a real OpenSSH server: its own sshd_config, port, host key and
 * authorised key in a temporary directory, listening on loopback only.
 */
let sshd: ChildProcess;
let port: number;
let sshDir: string;
let userKey: string;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });
}

async function waitForPort(p: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(p, '127.0.0.1', () => { s.end(); resolve(true); }).on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('sshd did not listen');
}

beforeAll(async () => {
  await migrateDatabase();
  void DATA_ROOT;
  sshDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbmsp-sshd-'));
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(sshDir, 'host_key')]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(sshDir, 'user_key')]);
  fs.copyFileSync(path.join(sshDir, 'user_key.pub'), path.join(sshDir, 'authorized_keys'));
  userKey = fs.readFileSync(path.join(sshDir, 'user_key'), 'utf8');
  port = await freePort();
  fs.writeFileSync(path.join(sshDir, 'sshd_config'), [
    `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${sshDir}/host_key`, `AuthorizedKeysFile ${sshDir}/authorized_keys`,
    'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'PermitRootLogin prohibit-password', 'UsePAM no', 'StrictModes no',
    `PidFile ${sshDir}/sshd.pid`, 'Subsystem sftp internal-sftp', `AllowUsers ${os.userInfo().username}`,
  ].join('\n') + '\n');
  fs.mkdirSync('/run/sshd', { recursive: true });
  sshd = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', path.join(sshDir, 'sshd_config')], { stdio: 'ignore' });
  await waitForPort(port);
});

afterAll(() => {
  sshd?.kill();
  fs.rmSync(sshDir, { recursive: true, force: true });
  removeTmp();
});

const tempKeyDirs = () => fs.readdirSync(os.tmpdir()).filter((d) => d.startsWith('nbmsp-sftp-'));
const keyDirs = () => (fs.existsSync(sftpKeyRoot()) ? fs.readdirSync(sftpKeyRoot()) : []);

describe('SFTP repository on a real OpenSSH server', () => {
  it('initialises the repository, stores a snapshot and lists it; the key file is gone afterwards', async () => {
    const before = tempKeyDirs();
    // While restic runs, the key is in a 0700 directory under the data directory, never in /tmp.
    let seen: { root: number; dir: number } | null = null;
    const watch = setInterval(() => {
      const [dir] = keyDirs();
      if (dir && !seen) seen = { root: fs.statSync(sftpKeyRoot()).mode & 0o777, dir: fs.statSync(path.join(sftpKeyRoot(), dir)).mode & 0o777 };
    }, 5);
    await writeBackupSettings({ repository_type: 'sftp', sftp_target: `${os.userInfo().username}@127.0.0.1:${sshDir}/repo`, sftp_port: port, sftp_private_key: userKey, password: 'sftp-test-password-1' });
    forgetRepositoryState();
    const created = await withRepository((repo) => ensureRepository(repo));
    expect(created.created).toBe(true);
    expect(fs.existsSync(path.join(sshDir, 'repo', 'config'))).toBe(true);
    await withRepository((repo) => runRestic(repo, { args: ['backup', '--stdin', '--stdin-filename', 'probe.txt', '--tag', 'netbird-msp', '--json'], stdin: Readable.from([Buffer.from('over sftp')]) }));
    const snaps = await withRepository((repo) => listSnapshots(repo, ['netbird-msp']));
    clearInterval(watch);
    expect(snaps).toHaveLength(1);
    expect(tempKeyDirs()).toEqual(before);
    expect(keyDirs()).toEqual([]);
    expect(seen).toEqual({ root: 0o700, dir: 0o700 });
  });

  it('a key left by a killed run is swept at start-up', async () => {
    const left = path.join(sftpKeyRoot(), 'run-killed');
    fs.mkdirSync(left, { recursive: true, mode: 0o700 });
    fs.writeFileSync(path.join(left, 'id'), userKey, { mode: 0o600 });
    expect(await sweepSftpKeyDirs()).toBe(1);
    expect(keyDirs()).toEqual([]);
  });

  it('a wrong key is refused by the server and reported as unreachable, with ssh\'s reason', async () => {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(TMP, 'other_key')]);
    await writeBackupSettings({ sftp_private_key: fs.readFileSync(path.join(TMP, 'other_key'), 'utf8') });
    forgetRepositoryState();
    try {
      // Several times: restic may exit before it has relayed ssh's output, so the reason is read from ssh's own log.
      for (let i = 0; i < 5; i++) {
        const err = await withRepository((repo) => ensureRepository(repo)).catch((e: unknown) => e);
        expect(err).toMatchObject({ code: 'BACKUP_REPO_UNREACHABLE' });
        // ssh's own words: the server refused the key.
        expect((err as Error).message).toMatch(/Permission denied \(publickey/);
      }
    } finally {
      await writeBackupSettings({ sftp_private_key: userKey });
    }
  });

  it('a closed port is reported as unreachable', async () => {
    await writeBackupSettings({ sftp_port: await freePort() });
    forgetRepositoryState();
    const err = await withRepository((repo) => ensureRepository(repo)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BACKUP_REPO_UNREACHABLE' });
    expect((err as Error).message).toMatch(/refused|closed|connect/i);
    await writeBackupSettings({ sftp_port: port });
  });

  it('a wrong password on the existing repository is reported as such', async () => {
    await writeBackupSettings({ password: 'not-the-sftp-password' });
    forgetRepositoryState();
    await expect(withRepository((repo) => ensureRepository(repo))).rejects.toMatchObject({ code: 'BACKUP_WRONG_PASSWORD' });
  });
});

describe('S3 repository settings', () => {
  it('refuses an incomplete S3 configuration with the missing fields, storing nothing', async () => {
    const err = await writeBackupSettings({ repository_type: 's3', s3_endpoint: 'http://127.0.0.1:9' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'VALIDATION_FAILED' });
    const bad = await writeBackupSettings({ repository_type: 's3', s3_endpoint: 'ftp://x', s3_bucket: 'b', s3_access_key: 'a', s3_secret_key: 's' }).catch((e: unknown) => e);
    expect(JSON.stringify((bad as { details?: unknown }).details ?? bad)).toContain('s3_endpoint');
  });

  it('an S3 endpoint that does not answer is reported as unreachable by restic, not as a missing repository', async () => {
    await writeBackupSettings({ repository_type: 's3', s3_endpoint: `http://127.0.0.1:${await freePort()}`, s3_bucket: 'nbmsp-backups', s3_access_key: 'AKIATEST', s3_secret_key: 'secret-test-key' });
    forgetRepositoryState();
    const err = await withRepository((repo) => ensureRepository(repo)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BACKUP_REPO_UNREACHABLE' });
    expect((err as Error).message).toMatch(/cannot be reached.*connection refused/i);
  });
});
