import { route } from '@/lib/api/route';
import { controlPlan } from '@/lib/fleet/control-plan';
import { planActionSchema } from '@/lib/fleet/plan-schema';
import { readPlan } from '@/lib/fleet/plan-view';

export const dynamic = 'force-dynamic';

export const GET = route({ access: 'customers:read' }, async ({ params }) => readPlan(params.id));

/** `{ "action": "pause" | "resume" | "abort" }`. */
export const POST = route({ access: 'settings:write', body: planActionSchema }, async ({ actor, params, body }) => controlPlan(actor, params.id, body.action));
