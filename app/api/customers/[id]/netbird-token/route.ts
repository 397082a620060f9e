import { json, route } from '@/lib/api/route';
import { setNetbirdTokenSchema } from '@/lib/insight/schemas';
import { setNetbirdToken } from '@/lib/insight/set-netbird-token';

export const dynamic = 'force-dynamic';

/** Stores a NetBird API token for a tenant whose owner the customer set up (checked against NetBird first). */
export const PUT = route({ access: 'customers:write', body: setNetbirdTokenSchema }, async ({ actor, params, body }) => json(await setNetbirdToken(actor, params.id, body)));
