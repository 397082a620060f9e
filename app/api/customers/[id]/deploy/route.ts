import { json, route } from '@/lib/api/route';
import { operateCustomer } from '@/lib/customers/manage-customers';

export const POST = route({ access: 'customers:operate' }, async ({ actor, params }) => json({ job: await operateCustomer(actor, params.id, 'deploy') }, 202));
