import { route } from '@/lib/api/route';
import { getHost, removeHost, updateHost } from '@/lib/hosts/manage-hosts';
import { updateHostInputSchema } from '@/lib/hosts/host-input';

export const GET = route({ access: 'settings:read' }, ({ params }) => getHost(params.id));

export const PUT = route({ access: 'settings:write', body: updateHostInputSchema }, ({ actor, params, body }) => updateHost(actor, params.id, body));

export const DELETE = route({ access: 'settings:write' }, async ({ actor, params }) => {
  await removeHost(actor, params.id);
  return { deleted: true };
});
