import { route } from '@/lib/api/route';
import { listBackups } from '@/lib/backups/list-backups';
import { listBackupsQuerySchema } from '@/lib/backups/schemas';

export const dynamic = 'force-dynamic';

export const GET = route({ access: 'backups:run', query: listBackupsQuerySchema }, ({ query }) => listBackups(query));
