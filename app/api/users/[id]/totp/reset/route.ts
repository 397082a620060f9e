import { route } from '@/lib/api/route';
import { resetUserTotp } from '@/lib/auth/totp/manage-totp';

/** An administrator removes a user's second factor (lost phone). Audited as totp.reset. */
export const POST = route({ access: 'users:manage' }, ({ actor, params }) => resetUserTotp(actor, params.id));
