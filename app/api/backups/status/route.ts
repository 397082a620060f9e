import { route } from '@/lib/api/route';
import { backupHealth } from '@/lib/backups/backup-health';

export const dynamic = 'force-dynamic';

export const GET = route({ access: 'backups:run' }, () => backupHealth());
