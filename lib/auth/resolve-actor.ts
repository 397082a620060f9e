import { getToken, type JWT } from 'next-auth/jwt';
import type { NextRequest } from 'next/server';
import { cache } from 'react';
import { cookies, headers } from 'next/headers';
import type { Actor } from './actor';
import { verifyAccessToken } from './access-token';
import { API_TOKEN_PREFIX, actorFromApiToken } from './api-tokens';
import { nextAuthSecret } from './options';
import { isSessionRevoked } from './session-revocation';
import { findActiveUser, userActor } from './users-lookup';
import { clientAddressFromHeaders } from '../http/address';
import { AppError } from '../errors';

async function actorFromBearer(token: string, address: string): Promise<Actor | null> {
  if (token.startsWith(API_TOKEN_PREFIX)) return actorFromApiToken(token, address);
  const claims = await verifyAccessToken(token);
  if (!claims) return null;
  const user = await findActiveUser(claims.sub, claims.ver);
  return user ? userActor(user, 'access_token', address) : null;
}

async function actorFromSessionToken(sessionToken: { sub?: string; ver?: unknown; sid?: unknown } | null, address: string): Promise<Actor | null> {
  if (!sessionToken?.sub || typeof sessionToken.ver !== 'number') return null;
  // A session without an id (issued before sessions could be revoked) or a signed-out one is over.
  if (typeof sessionToken.sid !== 'string' || (await isSessionRevoked(sessionToken.sid))) return null;
  const user = await findActiveUser(sessionToken.sub, sessionToken.ver);
  return user ? userActor(user, 'session', address) : null;
}

/**
 * Bearer first (access token or API token), else the browser session.
 * A bearer header that does not verify is a 401, never a silent fallback.
 */
export async function resolveActor(req: NextRequest): Promise<Actor | null> {
  const address = await clientAddressFromHeaders(req.headers);
  const auth = req.headers.get('authorization');
  if (auth) {
    const match = /^Bearer\s+(\S+)$/i.exec(auth);
    const actor = match ? await actorFromBearer(match[1], address) : null;
    if (!actor) throw new AppError('UNAUTHENTICATED', 'The bearer token is invalid, expired or revoked. Get a new one from POST /api/auth/token.');
    return actor;
  }
  const token = await readSessionToken(req);
  return actorFromSessionToken(token, address);
}

/** NextAuth names its cookie `__Secure-…` behind https; read whichever the browser sent. */
async function readSessionToken(req: Pick<NextRequest, 'headers' | 'cookies'>): Promise<JWT | null> {
  const secureCookie = Boolean(req.cookies.get('__Secure-next-auth.session-token'));
  // cast: getToken reads only the headers and cookies, but its type asks for a whole request.
  return getToken({ req: req as NextRequest, secret: nextAuthSecret(), secureCookie, raw: false });
}

/**
 * The actor of a server action or server component, from the session cookie. One page render
 * asks several times (layout, page, language, theme); React's per-request cache decrypts the
 * session cookie once.
 */
export const currentActor = cache(async (): Promise<Actor | null> => {
  const h = await headers();
  const c = await cookies();
  // cast: next/headers' cookie store has the same get() as a request's cookies, under another type.
  const token = await readSessionToken({ headers: h, cookies: c } as unknown as NextRequest);
  return actorFromSessionToken(token, await clientAddressFromHeaders(h));
});
