import { route } from '@/lib/api/route';
import { usageHistoryQuerySchema } from '@/lib/monitoring/schemas';
import { getUsageHistory } from '@/lib/monitoring/usage-history';

export const dynamic = 'force-dynamic';

/** The last hour of host or one customer's use, from the in-memory history. */
export const GET = route({ access: 'monitoring:read', query: usageHistoryQuerySchema }, ({ query }) => getUsageHistory(query));
