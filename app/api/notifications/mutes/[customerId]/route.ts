import { route } from '@/lib/api/route';
import { unmuteCustomer } from '@/lib/notifications/manage-mutes';

export const DELETE = route({ access: 'settings:write' }, async ({ actor, params }) => {
  await unmuteCustomer(actor, params.customerId);
  return new Response(null, { status: 204 });
});
