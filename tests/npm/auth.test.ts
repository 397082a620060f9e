import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { isNpmConfigured } from '@/lib/proxy/config';
import { ensureTenantProxyHost } from '@/lib/proxy/ensure-tenant-proxy-host';
import { listCertificates } from '@/lib/proxy/certificates';
import { BASE_DOMAIN, NPM_PASSWORD, failureOf, npmSettings, useFakeNpm } from './npm-fixture';

const acme = { subdomain: 'acme', forwardHost: 'netbird-acme-caddy', forwardPort: 80 };
const logins = (f: ReturnType<typeof useFakeNpm>) => f.fake.state.requests.filter((r) => r.method === 'POST' && r.path === '/api/tokens').length;

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

function expectNoSecrets(f: ReturnType<typeof useFakeNpm>, text: string): void {
  const secrets = [NPM_PASSWORD, ...f.fake.state.tokens.keys()];
  for (const secret of secrets) expect(text).not.toContain(secret);
}

describe('NPM authentication and failures', () => {
  const f = useFakeNpm();

  it('logs in once and reuses the cached token across operations', async () => {
    await ensureTenantProxyHost(acme, f.settings);
    await listCertificates(f.settings);
    await ensureTenantProxyHost({ ...acme, subdomain: 'beta' }, f.settings);
    expect(logins(f)).toBe(1);
  });

  it('renews a token that expires mid-run without failing the operation', async () => {
    // Expire while certbot runs (not on a timer: on a busy machine the first login alone can outlast one).
    f.fake.state.certificateDelayMs = 150;
    f.fake.state.onCertificateIssue = () => f.fake.expireTokens();
    const result = await ensureTenantProxyHost(acme, f.settings);
    expect(result.created).toBe(true);
    expect(f.fake.state.requests.some((r) => r.status === 400 && r.path === '/api/nginx/proxy-hosts')).toBe(true);
    expect(logins(f)).toBe(2);
    expect(f.fake.state.liveHosts()).toHaveLength(1);
    expectNoSecrets(f, f.logs.join('\n'));
  });

  it('logs in again when NPM no longer knows the token (500 on a read, e.g. NPM reinstalled)', async () => {
    await listCertificates(f.settings);
    f.fake.state.tokens.clear();
    await expect(listCertificates(f.settings)).resolves.toEqual([]);
    expect(logins(f)).toBe(2);
  });

  it('refreshes a token before it expires with GET /api/tokens?expiry=1d', async () => {
    f.fake.setTokenLifetime(2);
    await listCertificates(f.settings);
    await new Promise((r) => setTimeout(r, 1600));
    await listCertificates(f.settings);
    expect(f.fake.state.requests.some((r) => r.method === 'GET' && r.path === '/api/tokens?expiry=1d' && r.status === 200)).toBe(true);
    expect(logins(f)).toBe(1);
  });

  it('wrong password → NPM_AUTH_FAILED, without the password in the message or logs', async () => {
    const wrong = 'Wr0ng-But-Secret-Passw0rd';
    const err = await failureOf(ensureTenantProxyHost(acme, npmSettings(f.fake.url, { npm_api_password: wrong })));
    expect(err.code).toBe('NPM_AUTH_FAILED');
    expect(err.message).toContain('Invalid email or password');
    for (const text of [err.message, JSON.stringify(err.details ?? null), f.logs.join('\n')]) {
      expect(text).not.toContain(wrong);
      expectNoSecrets(f, text);
    }
  });

  it('a 2FA user → NPM_2FA_ENABLED telling the admin to use an automation user', async () => {
    f.fake.setTwoFactor(true);
    const err = await failureOf(ensureTenantProxyHost(acme, f.settings));
    expect(err.code).toBe('NPM_2FA_ENABLED');
    expect(err.message).toMatch(/automation user in NPM without 2FA/);
  });

  it('revoked permissions (404 on the collection) → NPM_FORBIDDEN', async () => {
    f.fake.revokePermissions();
    const err = await failureOf(ensureTenantProxyHost(acme, f.settings));
    expect(err.code).toBe('NPM_FORBIDDEN');
    expect(err.message).toContain("Check the NPM user's permissions for proxy hosts and certificates");
  });

  it('view-only permission fails the first write with NPM_FORBIDDEN', async () => {
    f.fake.setPermissions({ proxy_hosts: 'view' });
    const err = await failureOf(ensureTenantProxyHost(acme, f.settings));
    expect(err.code).toBe('NPM_FORBIDDEN');
    expect(err.message).toContain('POST /nginx/proxy-hosts');
  });

  it('a closed port → NPM_UNREACHABLE, fast', async () => {
    const started = Date.now();
    const err = await failureOf(ensureTenantProxyHost(acme, npmSettings(await closedPortUrl())));
    expect(err.code).toBe('NPM_UNREACHABLE');
    expect(err.message).toMatch(/ECONNREFUSED/);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(err.message).not.toContain(NPM_PASSWORD);
  });

  it('missing URL, email or password → NPM_NOT_CONFIGURED and isNpmConfigured false', async () => {
    const settings = npmSettings(f.fake.url, { npm_api_password: '' });
    expect(isNpmConfigured(settings)).toBe(false);
    expect(isNpmConfigured(f.settings)).toBe(true);
    const err = await failureOf(ensureTenantProxyHost(acme, settings));
    expect(err.code).toBe('NPM_NOT_CONFIGURED');
    expect(err.message).toContain('npm_api_password');
    expect(f.fake.state.requests).toEqual([]);
  });

  it('accepts the NPM URL with or without /api', async () => {
    const result = await ensureTenantProxyHost(acme, npmSettings(`${f.fake.url}/api/`));
    expect(result.domain).toBe(`acme.${BASE_DOMAIN}`);
  });
});
