import { route } from '@/lib/api/route';
import { getCustomerHealth } from '@/lib/health/customer-health';

export const dynamic = 'force-dynamic';

export const GET = route({ access: 'customers:read' }, ({ params }) => getCustomerHealth(params.id));
