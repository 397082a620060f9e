import { route } from '@/lib/api/route';
import { testRepository } from '@/lib/backups/backup-settings-admin';

export const POST = route({ access: 'backups:restore' }, ({ actor }) => testRepository(actor));
