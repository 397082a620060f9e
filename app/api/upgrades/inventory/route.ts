import { route } from '@/lib/api/route';
import { readInventory } from '@/lib/fleet/inventory';

export const dynamic = 'force-dynamic';

export const GET = route({ access: 'customers:read' }, async () => readInventory());
