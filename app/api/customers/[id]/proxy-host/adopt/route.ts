import { route } from '@/lib/api/route';
import { adoptProxyHost } from '@/lib/customers/adopt-proxy-host';
import { adoptProxyHostSchema } from '@/lib/customers/schemas';

/** Admin-only (settings:write): taking over a host made by hand in NPM. */
export const POST = route({ access: 'settings:write', body: adoptProxyHostSchema }, ({ actor, params, body }) => adoptProxyHost(actor, params.id, body));
