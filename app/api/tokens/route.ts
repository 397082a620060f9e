import { json, route } from '@/lib/api/route';
import { createApiToken, createApiTokenSchema, listApiTokens } from '@/lib/auth/api-tokens';

export const GET = route({ access: 'tokens:manage' }, async ({ actor }) => ({ items: await listApiTokens(actor) }));

export const POST = route({ access: 'tokens:manage', body: createApiTokenSchema }, async ({ actor, body }) =>
  json(await createApiToken(actor, body), 201),
);
