import type { OAuthConfig } from 'next-auth/providers/oauth';
import { SSO_PROVIDER_ID, wellKnownUrl, type SsoConfig } from './config';

type Claims = Record<string, unknown> & { sub: string; name?: string; email?: string; preferred_username?: string };

/**
 * One OpenID Connect provider for Entra ID and any other issuer: discovery
 * from the issuer, authorization code with PKCE and state, claims (including
 * `groups`) taken from the verified ID token.
 */
export function buildSsoProvider(config: SsoConfig): OAuthConfig<Claims> {
  return {
    id: SSO_PROVIDER_ID,
    name: config.label || (config.provider === 'entra' ? 'Microsoft' : 'Single sign-on'),
    type: 'oauth',
    wellKnown: wellKnownUrl(config.issuer),
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    authorization: { params: { scope: 'openid profile email' } },
    idToken: true,
    checks: ['pkce', 'state'],
    httpOptions: { timeout: 10_000 },
    profile(claims) {
      return { id: claims.sub, name: claims.name ?? claims.preferred_username ?? null, email: claims.email ?? null };
    },
  };
}
