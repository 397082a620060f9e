import { route } from '@/lib/api/route';
import { getCustomerStats } from '@/lib/customers/customer-stats';

export const dynamic = 'force-dynamic';

/** Resource figures of the customer's running containers, for the Containers tab. */
export const GET = route({ access: 'customers:read' }, ({ params }) => getCustomerStats(params.id));
