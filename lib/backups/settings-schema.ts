import { Cron } from 'croner';
import { z } from 'zod';
import { errorMessage } from '../caught';

/** Pure: shared by the API, the Settings form and the store. */
const absolutePath = z.string().trim().max(500).regex(/^(\/[A-Za-z0-9._\/-]*)?$/, 'must be an absolute path of letters, digits, . _ - /');
// Split by restic into an ssh command line: only characters that need no quoting.
const sftpTarget = z
  .string()
  .trim()
  .max(300)
  .regex(/^$|^[A-Za-z0-9._-]{1,64}@([A-Za-z0-9.-]{1,253}|\[[0-9a-fA-F:]+\]):\/?[A-Za-z0-9._\/-]*$/, 'must look like user@host:/path (letters, digits, . _ - / only)');
const s3Endpoint = z.string().trim().max(300).regex(/^$|^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/, 'must be an http(s) URL of the S3 server, like https://s3.example.com');
const s3Bucket = z.string().trim().max(63).regex(/^$|^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[A-Za-z0-9._\/-]*)?$/, 'must be a bucket name (optionally with a /prefix)');
const cron = z
  .string()
  .trim()
  .max(100)
  .superRefine((v, ctx) => {
    try {
      new Cron(v, { paused: true });
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `is not a cron expression: ${errorMessage(err)}` });
    }
  });
const keep = z.coerce.number().int().min(0).max(1000);

/** A function, not a typed constant: a constant would narrow to 'local' and so would the settings' type. */
function defaultRepositoryType(): 'local' | 'sftp' | 's3' {
  return 'local';
}

export const BACKUP_DEFAULTS = {
  repository_type: defaultRepositoryType(),
  local_path: '',
  sftp_target: '',
  sftp_port: 22,
  s3_endpoint: '',
  s3_bucket: '',
  s3_access_key: '',
  schedule_enabled: true,
  schedule: '0 2 * * *',
  keep_daily: 7,
  keep_weekly: 4,
  keep_monthly: 6,
};

/** A partial update of Settings → Backups. Secrets: an empty string keeps the stored value. */
export const backupSettingsUpdateSchema = z.strictObject({
  repository_type: z.enum(['local', 'sftp', 's3']).optional(),
  local_path: absolutePath.optional(),
  sftp_target: sftpTarget.optional(),
  sftp_port: z.coerce.number().int().min(1).max(65535).optional(),
  sftp_private_key: z.string().max(20_000).regex(/^$|-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'must be a PEM/OpenSSH private key').optional(),
  s3_endpoint: s3Endpoint.optional(),
  s3_bucket: s3Bucket.optional(),
  s3_access_key: z.string().trim().max(200).regex(/^[\x21-\x7e]*$/, 'must be printable without spaces').optional(),
  s3_secret_key: z.string().max(500).optional(),
  /** Only to open an existing repository (a new appliance); otherwise one is generated. */
  password: z.string().min(8, 'must be at least 8 characters').max(500).optional(),
  schedule_enabled: z.boolean().optional(),
  schedule: cron.optional(),
  keep_daily: keep.optional(),
  keep_weekly: keep.optional(),
  keep_monthly: keep.optional(),
});
export type BackupSettingsUpdate = z.infer<typeof backupSettingsUpdateSchema>;

export const BACKUP_SECRET_FIELDS = ['sftp_private_key', 's3_secret_key', 'password'] as const;
export type BackupSecretField = (typeof BACKUP_SECRET_FIELDS)[number];

export type BackupSettings = typeof BACKUP_DEFAULTS & Record<BackupSecretField, string>;

/** GET /api/settings/backups: secrets only as `<field>_set`; the generated password in the one answer that reveals it. */
export type PublicBackupSettings = typeof BACKUP_DEFAULTS &
  Record<`${BackupSecretField}_set`, boolean> & { effective_local_path: string; password?: string };
