import { json, route } from '@/lib/api/route';
import { listBackups } from '@/lib/backups/list-backups';
import { startTenantBackup } from '@/lib/backups/manage-backups';

export const dynamic = 'force-dynamic';

export const GET = route({ access: 'backups:run' }, async ({ params }) => listBackups({ customer_id: params.id }));

export const POST = route({ access: 'backups:run' }, async ({ actor, params }) => json({ job: await startTenantBackup(actor, params.id) }, 202));
