import { route } from '@/lib/api/route';
import { listCustomerUsage } from '@/lib/monitoring/customer-usage';
import { customerUsageQuerySchema } from '@/lib/monitoring/schemas';

export const dynamic = 'force-dynamic';

/** Per-customer CPU and memory from the last background sample, sortable by cpu, memory or name. */
export const GET = route({ access: 'monitoring:read', query: customerUsageQuerySchema }, ({ query }) => listCustomerUsage(query));
