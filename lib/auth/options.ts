import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { hmac } from '../crypto';
import { isAppError } from '../errors';
import { clientAddressFromHeaders } from '../http/address';
import { loginSchema, loginWithPassword } from './login';

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** NextAuth's own secret is derived from SECRET_KEY, so there is one secret to manage. */
export function nextAuthSecret(): string {
  return hmac('nextauth-session-secret');
}

export function authOptions(): NextAuthOptions {
  return {
    secret: nextAuthSecret(),
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: '/login', error: '/login' },
    providers: [
      CredentialsProvider({
        id: 'credentials',
        name: 'Password',
        credentials: { username: {}, password: {}, totp_code: {} },
        async authorize(credentials, req) {
          const parsed = loginSchema.safeParse(credentials ?? {});
          if (!parsed.success) throw new Error('INVALID_CREDENTIALS');
          const headers = new Headers(req?.headers as Record<string, string> | undefined);
          try {
            const user = await loginWithPassword(parsed.data, clientAddressFromHeaders(headers));
            return { id: user.id, name: user.username, ver: user.tokenVersion };
          } catch (err) {
            // The error code travels to the login page, which shows it in the user's language.
            if (isAppError(err)) throw new Error(err.code);
            throw err;
          }
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.ver = (user as { ver?: number }).ver ?? 0;
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.sub } };
      },
    },
  };
}
