import { route } from '@/lib/api/route';
import { readSsoButton } from '@/lib/auth/sso/config';

/** Public: whether the login page offers single sign-on, and its label. Nothing about the issuer or client. */
export const GET = route({ access: 'public' }, () => readSsoButton());
