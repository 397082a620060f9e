import 'server-only';
import { errors, jwtVerify, SignJWT } from 'jose';
import { env } from '../env';
import { deriveKey } from '../crypto';

/**
 * Short-lived bearer access tokens: a compact HS256 JWT (jose) signed with the
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

const ALGORITHM = 'HS256';

function signingKey(): Uint8Array {
  return new Uint8Array(deriveKey(env().SECRET_KEY, 'signing'));
}

export async function signAccessToken(userId: string, tokenVersion: number, ttl = ACCESS_TOKEN_TTL_SECONDS, now = Date.now()): Promise<string> {
  const iat = Math.floor(now / 1000);
  return new SignJWT({ ver: tokenVersion, typ: 'access' })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(userId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttl)
    .sign(signingKey());
}

/**
 * Tokens already verified, with their claims: a client sends the same token with every request
 * until it expires, and checking its signature again would cost a key import and an HMAC each
 * time. Only a token that verified is kept (the key is the whole token, signature included),
 * and its expiry is still checked at every use. Oldest out first beyond the bound.
 */
const verified = new Map<string, AccessClaims>();
const MAX_VERIFIED = 512;

function remember(token: string, claims: AccessClaims): void {
  if (verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value ?? '');
  verified.set(token, claims);
}

/** Returns the claims of a well-signed, unexpired access token, else null. */
export async function verifyAccessToken(token: string, now = Date.now()): Promise<AccessClaims | null> {
  const known = verified.get(token);
  // jose's rule: a token is expired once `exp` is not after the current second.
  if (known) return known.exp > Math.floor(now / 1000) ? known : null;
  try {
    const { payload } = await jwtVerify(token, signingKey(), { algorithms: [ALGORITHM], currentDate: new Date(now), requiredClaims: ['sub', 'exp', 'iat'] });
    const { sub, ver, iat, exp, typ } = payload;
    if (typ !== 'access' || typeof sub !== 'string' || typeof ver !== 'number' || typeof iat !== 'number' || typeof exp !== 'number') return null;
    const claims: AccessClaims = { sub, ver, iat, exp, typ };
    remember(token, claims);
    return claims;
  } catch (err) {
    // Anything jose refuses (bad signature, expired, malformed, wrong algorithm) is simply not a token of ours.
    if (err instanceof errors.JOSEError || err instanceof TypeError) return null;
    throw err;
  }
}
