import { json, route } from '@/lib/api/route';
import { testChannel } from '@/lib/notifications/test-channel';

/** Queues a test message (202); its result shows in the delivery log. */
export const POST = route({ access: 'settings:write' }, async ({ actor, params }) => json(await testChannel(actor, params.id), 202));
