import { route } from '@/lib/api/route';
import { getBackupSettings, updateBackupSettings } from '@/lib/backups/backup-settings-admin';
import { backupSettingsUpdateSchema } from '@/lib/backups/settings-schema';

export const dynamic = 'force-dynamic';

export const GET = route({ access: 'backups:restore' }, ({ actor }) => getBackupSettings(actor));

export const PUT = route({ access: 'backups:restore', body: backupSettingsUpdateSchema }, ({ actor, body }) => updateBackupSettings(actor, body));
