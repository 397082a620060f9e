import { json, route } from '@/lib/api/route';
import { listBackups } from '@/lib/backups/list-backups';
import { startBackupRun } from '@/lib/backups/run-all';
import { listBackupsQuerySchema } from '@/lib/backups/schemas';

export const dynamic = 'force-dynamic';

export const GET = route({ access: 'backups:run', query: listBackupsQuerySchema }, ({ query }) => listBackups(query));

/** Runs the scheduled backup now: every deployed customer, the appliance database, retention. */
export const POST = route({ access: 'backups:restore' }, () => json(startBackupRun(), 202));
