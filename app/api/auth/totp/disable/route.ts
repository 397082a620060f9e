import { route } from '@/lib/api/route';
import { disableTotp } from '@/lib/auth/totp/manage-totp';
import { totpCodeSchema } from '@/lib/auth/totp/schemas';

export const POST = route({ access: 'account:manage', body: totpCodeSchema, maxBodyBytes: 1024 }, ({ actor, body }) => disableTotp(actor, body.code));
