import { randomBytes } from 'node:crypto';
import { validateBody } from './body';
import { requireUser, type RouteContext } from './context';
import { HttpFailure } from './types';

const UNIT_SECONDS: Record<string, number> = { h: 3600, d: 86_400, w: 604_800, y: 31_536_000 };

/** `POST /api/tokens`, `GET /api/tokens?expiry=` and `GET /api/users/me`. */
export function handleTokens(ctx: RouteContext): { status: number; payload: unknown } | null {
  const { state } = ctx;
  if (ctx.path === '/api/tokens' && ctx.method === 'POST') {
    const body = validateBody(ctx.body, { required: ['identity', 'secret'], props: { identity: 'string', secret: 'string', scope: 'string' } });
    const user = state.user;
    if (String(body.identity).toLowerCase() !== user.email.toLowerCase() || body.secret !== user.password) {
      throw new HttpFailure(400, 'Invalid email or password');
    }
    if (user.twoFactor) return { status: 200, payload: { requires_2fa: true, challenge_token: randomBytes(24).toString('base64url') } };
    return { status: 200, payload: state.issueToken() };
  }
  if (ctx.path === '/api/tokens' && ctx.method === 'GET') {
    requireUser(ctx);
    const expiry = ctx.query.get('expiry') ?? '1d';
    const match = /^(\d+)([hdwy])$/.exec(expiry);
    // NPM passes `M` to a date library that does not know it: an internal error.
    if (!match) throw new HttpFailure(500, 'Internal Error', { stack: [`Invalid expiry: ${expiry}`] });
    return { status: 200, payload: state.issueToken(Number(match[1]) * UNIT_SECONDS[match[2]]) };
  }
  if (ctx.path === '/api/users/me' && ctx.method === 'GET') {
    requireUser(ctx);
    const { user } = state;
    return {
      status: 200,
      payload: {
        id: user.id,
        email: user.email,
        name: 'Automation',
        nickname: 'automation',
        roles: [],
        is_disabled: false,
        permissions: { visibility: 'all', proxy_hosts: user.permissions.proxy_hosts, redirection_hosts: 'hidden', dead_hosts: 'hidden', streams: 'hidden', access_lists: 'hidden', certificates: user.permissions.certificates },
      },
    };
  }
  return null;
}
