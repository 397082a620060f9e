import { route } from '@/lib/api/route';
import { readTotpStatus } from '@/lib/auth/totp/manage-totp';

export const GET = route({ access: 'account:manage' }, ({ actor }) => readTotpStatus(actor));
