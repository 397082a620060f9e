import { route } from '@/lib/api/route';
import { pinTenant, readPin, unpinTenant } from '@/lib/fleet/pin-tenant';
import { pinSchema } from '@/lib/fleet/plan-schema';

export const dynamic = 'force-dynamic';

export const GET = route({ access: 'customers:read' }, async ({ params }) => readPin(params.id));

export const PUT = route({ access: 'settings:write', body: pinSchema }, async ({ actor, params, body }) => pinTenant(actor, params.id, body));

export const DELETE = route({ access: 'settings:write' }, async ({ actor, params }) => unpinTenant(actor, params.id));
