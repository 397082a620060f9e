import { json, route } from '@/lib/api/route';
import { rotateNetbirdToken } from '@/lib/insight/rotate-token';

export const dynamic = 'force-dynamic';

/** A new NetBird API token for the appliance's service user in this tenant; the old one is deleted. */
export const POST = route({ access: 'customers:credentials' }, async ({ actor, params }) => json(await rotateNetbirdToken(actor, params.id)));
