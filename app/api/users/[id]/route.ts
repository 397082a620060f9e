import { route } from '@/lib/api/route';
import { deleteUser, getUser, updateUser } from '@/lib/users/manage-users';
import { updateUserSchema } from '@/lib/users/schemas';

export const GET = route({ access: 'users:manage' }, ({ params }) => getUser(params.id));

export const PUT = route({ access: 'users:manage', body: updateUserSchema }, ({ actor, params, body }) => updateUser(actor, params.id, body));

export const DELETE = route({ access: 'users:manage' }, async ({ actor, params }) => {
  await deleteUser(actor, params.id);
  return { deleted: true };
});
