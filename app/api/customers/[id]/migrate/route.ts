import { json, route } from '@/lib/api/route';
import { requestLayoutMigration } from '@/lib/customers/migrate-customer';

/** Classic → combined layout, as a job (backup first, health-gated, back to classic on failure). */
export const POST = route({ access: 'customers:operate' }, async ({ actor, params }) => json({ job: await requestLayoutMigration(actor, params.id) }, 202));
