import { json, route } from '@/lib/api/route';
import { createChannel, listChannels } from '@/lib/notifications/manage-channels';
import { channelInputSchema } from '@/lib/notifications/schemas';

export const GET = route({ access: 'settings:write' }, async () => ({ items: await listChannels() }));

export const POST = route({ access: 'settings:write', body: channelInputSchema }, async ({ actor, body }) => {
  return json(await createChannel(actor, body), 201);
});
