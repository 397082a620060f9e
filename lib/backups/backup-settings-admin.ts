import type { Actor } from '../auth/actor';
import { recordAudit } from '../audit/record';
import { db } from '../db';
import { AppError, isAppError } from '../errors';
import { effectiveLocalPath, ensureRepositoryPassword, publicBackupSettings, readBackupSettings, writeBackupSettings } from './backup-settings';
import { withRepository } from './open-repository';
import { runRestic } from './restic';
import { TAG_APP, ensureRepository, forgetRepositoryState, listSnapshots, tagValue } from './repository';
import { resticVersion } from './restic-version';
import type { BackupSettings, BackupSettingsUpdate, PublicBackupSettings } from './settings-schema';
import { startBackupScheduler } from './scheduler';

const SHOWN_KEY = 'backup.password_shown';

/**
 * The repository password leaves the appliance exactly once: in the first admin read of the
 * backup settings after it was generated (or in the answer to the update that generated it).
 */
async function revealOnce(password: string): Promise<string | null> {
  const shown = await db().setting.findUnique({ where: { key: SHOWN_KEY } });
  if (!password || shown?.value === 'true') return null;
  await db().setting.upsert({ where: { key: SHOWN_KEY }, create: { key: SHOWN_KEY, value: 'true' }, update: { value: 'true' } });
  return password;
}

export async function getBackupSettings(actor: Actor): Promise<PublicBackupSettings> {
  const s = await readBackupSettings();
  const password = await revealOnce(s.password);
  if (password) await recordAudit(actor, { action: 'backup.password.shown', target: 'settings:backups' });
  return { ...publicBackupSettings(s), ...(password ? { password } : {}) };
}

/** Stores the update, generating the repository password on first use; audited by field name only. */
export async function updateBackupSettings(actor: Actor, input: BackupSettingsUpdate): Promise<PublicBackupSettings> {
  const changed = await writeBackupSettings(input, (merged, fields) => (fields.includes('password') ? assertPasswordOpens(merged) : Promise.resolve()));
  if (input.password) {
    // An admin typed the password of an existing repository: it has been shown to them already.
    await db().setting.upsert({ where: { key: SHOWN_KEY }, create: { key: SHOWN_KEY, value: 'true' }, update: { value: 'true' } });
  }
  const { generated } = await ensureRepositoryPassword();
  if (changed.length || generated) {
    forgetRepositoryState();
    await startBackupScheduler();
    await recordAudit(actor, { action: 'backup.settings.update', target: 'settings:backups', details: { changed, password_generated: generated } });
  }
  return getBackupSettings(actor);
}

/**
 * The repository password is the only key to the backups: a new one is stored only when it
 * opens the repository already at the (new) location, so a typo cannot lock the appliance out.
 * No repository there yet is fine (it is created with this password on first use); a location
 * that cannot be reached refuses the change with that reason.
 */
async function assertPasswordOpens(merged: BackupSettings): Promise<void> {
  try {
    await withRepository((repo) => runRestic(repo, { args: ['cat', 'config'], timeoutMs: 60_000 }), merged, merged.password);
  } catch (err) {
    if (isAppError(err, 'BACKUP_REPO_NOT_FOUND')) return;
    if (!isAppError(err, 'BACKUP_WRONG_PASSWORD')) throw err;
    const where = merged.repository_type === 'local' ? effectiveLocalPath(merged) : merged.repository_type === 'sftp' ? `sftp:${merged.sftp_target}` : `s3:${merged.s3_endpoint}/${merged.s3_bucket}`;
    const message = `this password does not open the repository at ${where}`;
    throw new AppError('VALIDATION_FAILED', `Invalid value for: password (${message})`, { fields: [{ path: 'password', message, code: 'custom' }] });
  }
}

export interface RepositoryReport {
  restic_version: string;
  repository: string;
  created: boolean;
  snapshots: number;
  tenants: number;
  appliance_snapshots: number;
  latest: string | null;
}

/** "Test repository": initialises or opens it and says what it holds. */
export async function testRepository(actor: Actor): Promise<RepositoryReport> {
  const version = await resticVersion();
  const report = await withRepository(async (repo) => {
    const { created } = await ensureRepository(repo);
    const snaps = await listSnapshots(repo, [TAG_APP]);
    const tenants = new Set(snaps.map((s) => tagValue(s, 'customer')).filter(Boolean));
    const times = snaps.map((s) => s.time).sort();
    return {
      repository: repo.repository,
      created,
      snapshots: snaps.length,
      tenants: tenants.size,
      appliance_snapshots: snaps.filter((s) => s.tags?.includes('appliance')).length,
      latest: times.at(-1) ?? null,
    };
  });
  await recordAudit(actor, { action: 'backup.repository.test', target: 'settings:backups', details: { created: report.created, snapshots: report.snapshots } });
  return { restic_version: version, ...report };
}
