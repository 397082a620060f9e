import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type ProviderContext } from 'oidc-provider';
import { OIDC_ACCOUNTS, type OidcAccount } from './accounts';

export { GROUPS, OIDC_ACCOUNTS } from './accounts';

export interface OidcIssuer {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** People renamed or moved between groups during a test; read on every sign-in. */
  accounts: Record<string, OidcAccount>;
  stop(): Promise<void>;
}

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/** oidc-provider's quick-start login form (any password), without a consent page: the client is first-party. */
async function autoGrant(ctx: ProviderContext) {
  const { oidc } = ctx;
  const existing = oidc.result?.consent?.grantId ?? oidc.session.grantIdFor(oidc.client.clientId);
  if (existing) return oidc.provider.Grant.find(existing);
  const grant = new oidc.provider.Grant({ clientId: oidc.client.clientId, accountId: oidc.session.accountId });
  grant.addOIDCScope('openid profile email');
  await grant.save();
  return grant;
}

/**
 * A real, standards-compliant OpenID provider (the `oidc-provider` package)
 * on 127.0.0.1 with one confidential client for the appliance's callback.
 * ID tokens carry `groups`, as Entra ID's do when group claims are enabled.
 */
export async function startOidcIssuer(redirectUris: string[]): Promise<OidcIssuer> {
  const server = http.createServer();
  const port = await listen(server);
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'netbird-msp-appliance';
  const clientSecret = randomBytes(24).toString('base64url');
  const accounts = structuredClone(OIDC_ACCOUNTS);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: redirectUris, grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic' }],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'groups'], email: ['email', 'email_verified'] },
    // Put the scope's claims into the ID token itself, where the appliance (like Entra) reads groups.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    // Explicit lifetimes (short: a test run) keep the provider from warning about its defaults.
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    async findAccount(_ctx, id) {
      const person = accounts[id];
      if (!person) return undefined;
      return {
        accountId: id,
        claims: () => ({ sub: id, name: person.name, preferred_username: person.email, email: person.email, email_verified: true, groups: person.groups }),
      };
    },
    loadExistingGrant: autoGrant,
  });
  server.on('request', provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
