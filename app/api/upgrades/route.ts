import { json, route } from '@/lib/api/route';
import { createPlan } from '@/lib/fleet/create-plan';
import { planSchema } from '@/lib/fleet/plan-schema';
import { listPlans } from '@/lib/fleet/plan-view';

export const dynamic = 'force-dynamic';

export const GET = route({ access: 'customers:read' }, async () => ({ items: await listPlans() }));

/** Admin only (settings:write): a plan changes every tenant it takes. A dry run answers 200 with the waves. */
export const POST = route({ access: 'settings:write', body: planSchema }, async ({ actor, body }) => {
  const result = await createPlan(actor, body);
  return json(result, 'dry_run' in result ? 200 : 202);
});
