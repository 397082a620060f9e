import { z } from 'zod';
import { route } from '@/lib/api/route';
import { getHostOverview } from '@/lib/monitoring/host-overview';

export const dynamic = 'force-dynamic';

/** Host CPU, memory, disk, load, Docker totals and capacity, from the last background sample. */
export const GET = route({ access: 'monitoring:read', query: z.object({}).strict() }, () => getHostOverview());
