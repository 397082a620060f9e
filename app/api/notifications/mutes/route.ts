import { route } from '@/lib/api/route';
import { listMutes, muteCustomer } from '@/lib/notifications/manage-mutes';
import { muteInputSchema } from '@/lib/notifications/schemas';

export const GET = route({ access: 'settings:write' }, async () => listMutes());

export const POST = route({ access: 'settings:write', body: muteInputSchema }, async ({ actor, body }) => {
  await muteCustomer(actor, body);
  return new Response(null, { status: 204 });
});
