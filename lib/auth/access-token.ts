import 'server-only';
import { hmac, safeEqual } from '../crypto';

/**
 * Short-lived bearer access tokens: a compact HS256 JWT signed with the
 * signing key derived from SECRET_KEY. `ver` is the user's token version:
 * bumping it (logout, password change) revokes every outstanding token.
 */
export const ACCESS_TOKEN_TTL_SECONDS = 60 * 60;

export interface AccessClaims {
  sub: string;
  ver: number;
  iat: number;
  exp: number;
  typ: 'access';
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

export function signAccessToken(userId: string, tokenVersion: number, ttl = ACCESS_TOKEN_TTL_SECONDS, now = Date.now()): string {
  const iat = Math.floor(now / 1000);
  const claims: AccessClaims = { sub: userId, ver: tokenVersion, iat, exp: iat + ttl, typ: 'access' };
  const body = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${body}.${hmac(body)}`;
}

/** Returns the claims of a well-signed, unexpired access token, else null. */
export function verifyAccessToken(token: string, now = Date.now()): AccessClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER) return null;
  const body = `${parts[0]}.${parts[1]}`;
  if (!safeEqual(hmac(body), parts[2])) return null;
  try {
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as AccessClaims;
    if (claims.typ !== 'access' || typeof claims.sub !== 'string' || typeof claims.ver !== 'number') return null;
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) return null;
    return claims;
  } catch {
    return null;
  }
}
