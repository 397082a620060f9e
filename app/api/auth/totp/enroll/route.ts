import { route } from '@/lib/api/route';
import { startTotpEnrolment } from '@/lib/auth/totp/manage-totp';

/** Step 1 of enrolment: a new secret, its otpauth URI and QR code. Not in force until confirmed. */
export const POST = route({ access: 'account:manage' }, ({ actor }) => startTotpEnrolment(actor));
