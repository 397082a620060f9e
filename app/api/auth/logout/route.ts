import { route } from '@/lib/api/route';
import { logoutEverywhere } from '@/lib/users/update-profile';

export const POST = route({ access: 'account:manage' }, async ({ actor }) => {
  await logoutEverywhere(actor);
  return { revoked: true };
});
