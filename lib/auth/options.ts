import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { headers } from 'next/headers';
import { hmac } from '../crypto';
import { db } from '../db';
import { isAppError } from '../errors';
import { clientAddressFromHeaders } from '../http/address';
import { log } from '../log';
import { loginSchema, loginWithPassword } from './login';
import { newSessionId, revokeSession } from './session-revocation';
import { SSO_PROVIDER_ID, loadSsoConfig, type SsoConfig } from './sso/config';
import { externalIdOf, identityFromClaims } from './sso/identity';
import { buildSsoProvider } from './sso/provider';
import { signInWithSso } from './sso/sign-in';
import { numberField } from '../caught';

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** NextAuth's own secret is derived from SECRET_KEY, so there is one secret to manage. */
export function nextAuthSecret(): string {
  return hmac('nextauth-session-secret');
}

const credentialsProvider = CredentialsProvider({
  id: 'credentials',
  name: 'Password',
  credentials: { username: {}, password: {}, totp_code: {} },
  async authorize(credentials, req) {
    const parsed = loginSchema.safeParse(credentials ?? {});
    if (!parsed.success) throw new Error('INVALID_CREDENTIALS');
    const requestHeaders = new Headers(req?.headers);
    try {
      // Password and second factor arrive together: there is no half-signed-in state to steal.
      const user = await loginWithPassword(parsed.data, await clientAddressFromHeaders(requestHeaders));
      return { id: user.id, name: user.username, ver: user.tokenVersion };
    } catch (err) {
      // The error code travels to the login page, which shows it in the user's language.
      if (isAppError(err)) throw new Error(err.code);
      throw err;
    }
  },
});

async function requestAddress(): Promise<string> {
  return clientAddressFromHeaders(await headers());
}

/** The appliance user behind a verified SSO profile (signIn has just created or refreshed it). */
async function ssoSessionClaims(claims: Record<string, unknown>, config: SsoConfig): Promise<{ sub: string; ver: number; name: string } | null> {
  const identity = identityFromClaims(claims, config.issuer);
  if (!identity) return null;
  const user = await db().user.findUnique({ where: { externalId: externalIdOf(identity) } });
  if (!user || user.disabled) return null;
  return { sub: user.id, ver: user.tokenVersion, name: user.username };
}

/**
 * Built per request: SSO settings apply without a restart. Local password
 * sign-in is always offered, so administrators keep a way in when the
 * identity provider is down or misconfigured.
 */
export async function authOptions(): Promise<NextAuthOptions> {
  const sso = await loadSsoConfig().catch((err: unknown) => {
    log.error('SSO settings could not be read; offering password sign-in only', { error: String(err) });
    return null;
  });
  return {
    secret: nextAuthSecret(),
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: '/login', error: '/login' },
    providers: sso ? [credentialsProvider, buildSsoProvider(sso)] : [credentialsProvider],
    callbacks: {
      async signIn({ account, profile }) {
        if (account?.provider !== SSO_PROVIDER_ID) return true;
        if (!sso || !profile) return '/login?error=SSO_INVALID_PROFILE';
        const outcome = await signInWithSso({ ...profile }, sso, await requestAddress());
        return outcome.ok ? true : `/login?error=${outcome.code}`;
      },
      async jwt({ token, user, account, profile }) {
        if (account?.provider === SSO_PROVIDER_ID) {
          // The IdP's `sub` is not an appliance user id: an SSO token gets only what we looked up.
          const claims = profile && sso ? await ssoSessionClaims({ ...profile }, sso) : null;
          // Without an appliance user the token carries no `ver`, so it never resolves to a session.
          if (!claims) return { ...token, sub: undefined, ver: undefined };
          return { ...token, ...claims, sid: newSessionId(), email: undefined, picture: undefined };
        }
        if (user) {
          token.sub = user.id;
          token.ver = numberField(user, 'ver') ?? 0;
          // Names this session, so signing out can revoke exactly it (lib/auth/session-revocation.ts).
          token.sid = newSessionId();
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.sub } };
      },
    },
    events: {
      // "Sign out" in the UI: the cookie is cleared by NextAuth and its session revoked here,
      // so a copy of the cookie stops working too.
      async signOut({ token }) {
        if (typeof token?.sid === 'string' && typeof token.sub === 'string') {
          await revokeSession(token.sid, token.sub, typeof token.exp === 'number' ? token.exp : undefined, SESSION_MAX_AGE_SECONDS);
        }
      },
    },
  };
}
