import { route } from '@/lib/api/route';
import { deleteChannel, updateChannel } from '@/lib/notifications/manage-channels';
import { channelInputSchema } from '@/lib/notifications/schemas';

export const PUT = route({ access: 'settings:write', body: channelInputSchema }, async ({ actor, body, params }) => updateChannel(actor, params.id, body));

export const DELETE = route({ access: 'settings:write' }, async ({ actor, params }) => {
  await deleteChannel(actor, params.id);
  return new Response(null, { status: 204 });
});
