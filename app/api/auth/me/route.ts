import { route } from '@/lib/api/route';
import { getUser } from '@/lib/users/manage-users';
import { updateProfileSchema } from '@/lib/users/schemas';
import { updateProfile } from '@/lib/users/update-profile';

export const GET = route({ access: 'identity' }, async ({ actor }) => {
  const user = actor.userId ? await getUser(actor.userId) : null;
  return { ...user, role: actor.role, permissions: actor.permissions, auth: actor.kind };
});

export const PUT = route({ access: 'account:manage', body: updateProfileSchema }, ({ actor, body }) => updateProfile(actor, body));
