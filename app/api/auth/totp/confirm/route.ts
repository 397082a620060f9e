import { route } from '@/lib/api/route';
import { confirmTotpEnrolment } from '@/lib/auth/totp/manage-totp';
import { totpCodeSchema } from '@/lib/auth/totp/schemas';

/** Step 2: a current code switches the second factor on and returns the recovery codes, once. */
export const POST = route({ access: 'account:manage', body: totpCodeSchema, maxBodyBytes: 1024 }, ({ actor, body }) => confirmTotpEnrolment(actor, body.code));
