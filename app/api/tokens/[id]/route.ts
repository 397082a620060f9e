import { route } from '@/lib/api/route';
import { revokeApiToken } from '@/lib/auth/api-tokens';

export const DELETE = route({ access: 'tokens:manage' }, async ({ actor, params }) => {
  await revokeApiToken(actor, params.id);
  return { revoked: true };
});
