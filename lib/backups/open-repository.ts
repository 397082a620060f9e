import fs from 'node:fs/promises';
import path from 'node:path';
import { stringField } from '../caught';
import { AppError } from '../errors';
import { applianceDataDir, effectiveLocalPath, ensureRepositoryPassword, readBackupSettings } from './backup-settings';
import type { RepoAccess } from './restic';
import { assertSftpReachable } from './probe-sftp';
import type { BackupSettings } from './settings-schema';

/** Where restic keeps its (encrypted) cache of repository metadata. */
function cacheDir(): string {
  return path.join(applianceDataDir(), '.restic-cache');
}

/**
 * Where the SFTP private key waits for ssh while restic runs: under the appliance's data
 * directory (0700, like the database beside it), never in the shared /tmp, so a key left by a
 * killed appliance stays private until the start-up sweep removes it.
 */
export function sftpKeyRoot(): string {
  return path.join(applianceDataDir(), '.sftp-keys');
}

/** At start-up no restic runs yet: any key directory is a leftover of an interrupted run. */
export async function sweepSftpKeyDirs(): Promise<number> {
  const root = sftpKeyRoot();
  const entries = await fs.readdir(root).catch((err: unknown) => {
    if (stringField(err, 'code') === 'ENOENT') return [];
    throw err;
  });
  for (const e of entries) await fs.rm(path.join(root, e), { recursive: true, force: true });
  return entries.length;
}

/** restic splits sftp.command on spaces; every part is validated or ours, so none needs quoting. */
function sftpAccess(s: BackupSettings, keyFile: string, ssh: string): { repository: string; options: string[] } {
  const at = s.sftp_target.indexOf('@');
  const colon = s.sftp_target.indexOf(':', at);
  const userHost = s.sftp_target.slice(0, colon);
  const knownHosts = path.join(applianceDataDir(), 'backup-known_hosts');
  // Run by sh rather than executed, so a data directory mounted noexec does not matter.
  const command = ['sh', ssh, '-i', keyFile, '-p', String(s.sftp_port), '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=accept-new', '-o', `UserKnownHostsFile=${knownHosts}`, '-o', 'ConnectTimeout=10', userHost, '-s', 'sftp'];
  return { repository: `sftp:${s.sftp_target}`, options: ['-o', `sftp.command=${command.join(' ')}`] };
}

/**
 * Opens access to the configured repository: the restic location, the password, and for SFTP
 * the private key in a fresh 0700 directory under sftpKeyRoot() that `release()` removes (ssh reads keys only from
 * files). The password is generated on first use.
 */
export async function openRepository(settings?: BackupSettings, passwordOverride?: string): Promise<RepoAccess> {
  const s = settings ?? (await readBackupSettings());
  const password = passwordOverride ?? (await ensureRepositoryPassword()).password;
  await fs.mkdir(cacheDir(), { recursive: true, mode: 0o700 });
  const repoEnv: Record<string, string> = {};
  const repoOptions: string[] = [];
  const base = { password, cacheDir: cacheDir(), env: repoEnv, options: repoOptions };
  if (s.repository_type === 'local') {
    const dir = effectiveLocalPath(s);
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    return { ...base, repository: dir, release: async () => undefined };
  }
  if (s.repository_type === 's3') {
    if (!s.s3_endpoint || !s.s3_bucket || !s.s3_access_key || !s.s3_secret_key) throw new AppError('BACKUP_NOT_CONFIGURED', 'The S3 repository needs endpoint, bucket, access key and secret key.');
    return {
      ...base,
      repository: `s3:${s.s3_endpoint}/${s.s3_bucket}`,
      env: { AWS_ACCESS_KEY_ID: s.s3_access_key, AWS_SECRET_ACCESS_KEY: s.s3_secret_key },
      release: async () => undefined,
    };
  }
  if (!s.sftp_target || !s.sftp_private_key) throw new AppError('BACKUP_NOT_CONFIGURED', 'The SFTP repository needs a target (user@host:/path) and a private key.');
  await assertSftpReachable(s.sftp_target, s.sftp_port);
  await fs.mkdir(sftpKeyRoot(), { recursive: true, mode: 0o700 });
  await fs.chmod(sftpKeyRoot(), 0o700);
  const dir = await fs.mkdtemp(path.join(sftpKeyRoot(), 'run-'));
  await fs.chmod(dir, 0o700);
  const keyFile = path.join(dir, 'id');
  await fs.writeFile(keyFile, s.sftp_private_key.endsWith('\n') ? s.sftp_private_key : `${s.sftp_private_key}\n`, { mode: 0o600 });
  // ssh through a wrapper that keeps its error output in a file: see RepoAccess.transportLog.
  const transportLog = path.join(dir, 'ssh.log');
  const ssh = path.join(dir, 'ssh');
  await fs.writeFile(ssh, `exec ssh "$@" 2>>'${transportLog.replaceAll("'", "'\\''")}'\n`, { mode: 0o600 });
  return { ...base, ...sftpAccess(s, keyFile, ssh), transportLog, release: () => fs.rm(dir, { recursive: true, force: true }) };
}

/** Runs `use` with an open repository and always releases it. */
export async function withRepository<T>(use: (repo: RepoAccess) => Promise<T>, settings?: BackupSettings, password?: string): Promise<T> {
  const repo = await openRepository(settings, password);
  try {
    return await use(repo);
  } finally {
    await repo.release();
  }
}
