import { json, route } from '@/lib/api/route';
import { createUser, listUsers } from '@/lib/users/manage-users';
import { createUserSchema } from '@/lib/users/schemas';

export const GET = route({ access: 'users:manage' }, async () => ({ items: await listUsers() }));

export const POST = route({ access: 'users:manage', body: createUserSchema }, async ({ actor, body }) => json(await createUser(actor, body), 201));
