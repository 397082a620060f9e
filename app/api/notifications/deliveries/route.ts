import { route } from '@/lib/api/route';
import { listDeliveries } from '@/lib/notifications/list-deliveries';
import { deliveriesQuerySchema } from '@/lib/notifications/schemas';

export const GET = route({ access: 'settings:write', query: deliveriesQuerySchema }, async ({ query }) => listDeliveries(query));
