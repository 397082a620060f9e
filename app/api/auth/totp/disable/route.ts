import { route } from '@/lib/api/route';
import { disableTotp } from '@/lib/auth/totp/manage-totp';
import { totpCodeSchema } from '@/lib/auth/totp/schemas';

export const POST = route({ access: 'authenticated', body: totpCodeSchema, maxBodyBytes: 1024 }, ({ actor, body }) => disableTotp(actor, body.code));
