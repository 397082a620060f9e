import { json, route } from '@/lib/api/route';
import { deleteCustomer, updateCustomer } from '@/lib/customers/manage-customers';
import { getCustomer } from '@/lib/customers/read-customers';
import { updateCustomerSchema } from '@/lib/customers/schemas';

export const dynamic = 'force-dynamic';

export const GET = route({ access: 'customers:read' }, ({ params }) => getCustomer(params.id));

export const PUT = route({ access: 'customers:write', body: updateCustomerSchema }, ({ actor, params, body }) => updateCustomer(actor, params.id, body));

export const DELETE = route({ access: 'customers:write' }, async ({ actor, params }) => json({ job: await deleteCustomer(actor, params.id) }, 202));
