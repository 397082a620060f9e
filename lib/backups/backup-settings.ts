import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { decryptSecret, encryptSecret } from '../crypto';
import { db } from '../db';
import { env } from '../env';
import { AppError } from '../errors';
import { isOneOf } from '../one-of';
import { BACKUP_DEFAULTS, BACKUP_SECRET_FIELDS, backupSettingsUpdateSchema, type BackupSettings, type PublicBackupSettings } from './settings-schema';

/**
 * Settings → Backups, stored as `backup.<field>` rows of the Setting table (secrets encrypted
 * with SECRET_KEY). Kept apart from the general settings: only admins read or write them, and
 * the repository password is shown once, when it is generated.
 */
const PREFIX = 'backup.';

/** The stored rows, read back: each was written through the update schema, so this only confirms it. */
const storedSettings = z.object({
  repository_type: z.enum(['local', 'sftp', 's3']),
  local_path: z.string(),
  sftp_target: z.string(),
  sftp_port: z.number(),
  sftp_private_key: z.string(),
  s3_endpoint: z.string(),
  s3_bucket: z.string(),
  s3_access_key: z.string(),
  s3_secret_key: z.string(),
  password: z.string(),
  schedule_enabled: z.boolean(),
  schedule: z.string(),
  keep_daily: z.number(),
  keep_weekly: z.number(),
  keep_monthly: z.number(),
}) satisfies z.ZodType<BackupSettings>;

export async function readBackupSettings(): Promise<BackupSettings> {
  const rows = await db().setting.findMany({ where: { key: { startsWith: PREFIX } } });
  const out: Record<string, unknown> = { ...BACKUP_DEFAULTS, sftp_private_key: '', s3_secret_key: '', password: '' };
  for (const row of rows) {
    const field = row.key.slice(PREFIX.length);
    if (!(field in out)) continue;
    const value: unknown = JSON.parse(row.value);
    out[field] = isOneOf(BACKUP_SECRET_FIELDS, field) && typeof value === 'string' && value ? decryptSecret(value) : value;
  }
  return storedSettings.parse(out);
}

/** The appliance's own data folder (beside its database): the local repository's default home. */
export function applianceDataDir(): string {
  return path.dirname(env().DATABASE_PATH);
}

export function effectiveLocalPath(s: BackupSettings): string {
  return s.local_path || path.join(applianceDataDir(), 'backups');
}

async function store(values: Record<string, unknown>): Promise<void> {
  const writes = Object.entries(values).map(([field, value]) => {
    const secret = isOneOf(BACKUP_SECRET_FIELDS, field) && typeof value === 'string' && value !== '';
    const stored = JSON.stringify(secret ? encryptSecret(value) : value);
    const key = `${PREFIX}${field}`;
    return db().setting.upsert({ where: { key }, create: { key, value: stored }, update: { value: stored } });
  });
  if (writes.length) await db().$transaction(writes);
}

/**
 * Validates and stores a partial update; returns the names of the fields that changed.
 * `verify` sees the settings as they would be and may refuse them; nothing is stored then.
 */
export async function writeBackupSettings(input: unknown, verify?: (merged: BackupSettings, changed: string[]) => Promise<void>): Promise<string[]> {
  const update: Record<string, unknown> = backupSettingsUpdateSchema.parse(input);
  const current: Record<string, unknown> = await readBackupSettings();
  const changed: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(update)) {
    if (value === undefined) continue;
    if (isOneOf(BACKUP_SECRET_FIELDS, field) && value === '') continue;
    if (JSON.stringify(current[field]) !== JSON.stringify(value)) changed[field] = value;
  }
  const merged = storedSettings.parse({ ...current, ...changed });
  checkComplete(merged);
  await verify?.(merged, Object.keys(changed));
  await store(changed);
  return Object.keys(changed);
}

function missing(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `Invalid value for: ${field}`, { fields: [{ path: field, message, code: 'custom' }] });
}

/** A repository type needs its own fields; refused before anything is stored. */
function checkComplete(s: BackupSettings): void {
  if (s.repository_type === 'sftp') {
    if (!s.sftp_target) throw missing('sftp_target', 'is required for an SFTP repository');
    if (!s.sftp_private_key) throw missing('sftp_private_key', 'is required for an SFTP repository');
  }
  if (s.repository_type === 's3') {
    for (const f of ['s3_endpoint', 's3_bucket', 's3_access_key', 's3_secret_key'] as const) if (!s[f]) throw missing(f, 'is required for an S3 repository');
  }
}

/**
 * The repository password, generated on first use. `generated` is true exactly once: the
 * caller shows it to the admin then and never again.
 */
export async function ensureRepositoryPassword(): Promise<{ password: string; generated: boolean }> {
  const s = await readBackupSettings();
  if (s.password) return { password: s.password, generated: false };
  const password = randomBytes(24).toString('base64url');
  await store({ password });
  return { password, generated: true };
}

/** Settings as the API shows them: secrets only as `<field>_set`. */
export function publicBackupSettings(s: BackupSettings): PublicBackupSettings {
  const { sftp_private_key, s3_secret_key, password, ...rest } = s;
  return {
    ...rest,
    effective_local_path: effectiveLocalPath(s),
    sftp_private_key_set: Boolean(sftp_private_key),
    s3_secret_key_set: Boolean(s3_secret_key),
    password_set: Boolean(password),
  };
}
