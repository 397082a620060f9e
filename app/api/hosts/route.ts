import { json, route } from '@/lib/api/route';
import { createHost, listHosts } from '@/lib/hosts/manage-hosts';
import { createHostInputSchema } from '@/lib/hosts/host-input';

export const GET = route({ access: 'settings:read' }, async () => ({ items: await listHosts() }));

export const POST = route({ access: 'settings:write', body: createHostInputSchema }, async ({ actor, body }) => json(await createHost(actor, body), 201));
