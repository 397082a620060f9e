import { route } from '@/lib/api/route';
import { issueAccessToken } from '@/lib/auth/issue-token';
import { loginSchema } from '@/lib/auth/login';
import { clientAddressFromHeaders } from '@/lib/http/address';

/** OAuth2-style password grant: form-encoded (curl -d) or JSON. */
export const POST = route({ access: 'public', body: loginSchema, allowForm: true, maxBodyBytes: 8 * 1024 }, async ({ req, body }) =>
  issueAccessToken(body, await clientAddressFromHeaders(req.headers)),
);
