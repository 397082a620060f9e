import { json, route } from '@/lib/api/route';
import { drainHost } from '@/lib/moves/drain-host';
import { latestDrainOf } from '@/lib/moves/move-views';
import { drainHostSchema } from '@/lib/moves/schemas';

/** The host's latest drain with its progress, or null. */
export const GET = route({ access: 'settings:read' }, async ({ params }) => ({ drain: await latestDrainOf(params.id) }));

/** Sets the host `draining` and moves its tenants to other ready hosts, `parallel` at a time (default 2). */
export const POST = route({ access: 'settings:write', body: drainHostSchema }, async ({ actor, params, body }) => json(await drainHost(actor, params.id, body), 202));
