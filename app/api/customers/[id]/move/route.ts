import { json, route } from '@/lib/api/route';
import { customerMoveStatus } from '@/lib/moves/move-views';
import { requestMove } from '@/lib/moves/request-move';
import { moveTenantSchema } from '@/lib/moves/schemas';

/** The host the customer runs on and its latest move (state, downtime), or null. */
export const GET = route({ access: 'customers:read' }, ({ params }) => customerMoveStatus(params.id));

/** Moves the tenant to another host, as a job (backup first; the source stays until the target is verified). */
export const POST = route({ access: 'settings:write', body: moveTenantSchema }, async ({ actor, params, body }) => json(await requestMove(actor, params.id, body), 202));
