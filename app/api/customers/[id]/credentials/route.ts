import { route } from '@/lib/api/route';
import { readCustomerCredentials } from '@/lib/customers/read-credentials';

export const dynamic = 'force-dynamic';

export const GET = route({ access: 'customers:credentials' }, ({ actor, params }) => readCustomerCredentials(actor, params.id));
