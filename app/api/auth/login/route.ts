import { route } from '@/lib/api/route';
import { issueAccessToken } from '@/lib/auth/issue-token';
import { loginSchema } from '@/lib/auth/login';
import { clientAddressFromHeaders } from '@/lib/http/address';

export const POST = route({ access: 'public', body: loginSchema, maxBodyBytes: 8 * 1024 }, async ({ req, body }) =>
  issueAccessToken(body, await clientAddressFromHeaders(req.headers)),
);
