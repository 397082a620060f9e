import { describe, expect, it } from 'vitest';
import { activeBackoff } from '@/lib/proxy/cert-backoff';
import { listCertificates } from '@/lib/proxy/certificates';
import { ensureTenantProxyHost } from '@/lib/proxy/ensure-tenant-proxy-host';
import { BASE_DOMAIN, failureOf, legacyConfig, useFakeNpm } from './npm-fixture';

const acme = { subdomain: 'acme', forwardHost: 'netbird-acme-caddy', forwardPort: 80 };
const domain = `acme.${BASE_DOMAIN}`;

describe('certificates', () => {
  const f = useFakeNpm();

  it('a failed issuance gives NPM_CERTIFICATE_FAILED with certbot output and creates no host', async () => {
    f.fake.failNextCertificate(1, 'Challenge failed for domain acme.msp.example.com');
    const err = await failureOf(ensureTenantProxyHost(acme, f.settings));
    expect(err.code).toBe('NPM_CERTIFICATE_FAILED');
    expect(err.message).toContain('Challenge failed for domain');
    expect(err.message).toMatch(/not ask again before \d{4}-\d{2}-\d{2}T/);
    expect(f.fake.state.liveHosts()).toEqual([]);
    expect(f.fake.state.liveCertificates()).toEqual([]);
  });

  it('A.4: the reason shown is certbot\'s cause line, not its "Ask for help" footer', async () => {
    f.fake.failNextCertificate(1, 'Some challenges have failed.');
    const err = await failureOf(ensureTenantProxyHost(acme, f.settings));
    expect((err.details as { certbot: string }).certbot).toBe('Some challenges have failed.');
    expect(err.message).not.toContain('Ask for help');
    expect(activeBackoff(domain)?.reason).toBe('Some challenges have failed.');
  });

  it('backs off: a second run within the window refuses without asking NPM, and says when to retry', async () => {
    f.fake.failNextCertificate(1);
    await failureOf(ensureTenantProxyHost(acme, f.settings));
    f.fake.clearLog();
    const err = await failureOf(ensureTenantProxyHost(acme, f.settings));
    expect(err.code).toBe('NPM_CERTIFICATE_BACKOFF');
    expect(err.message).toMatch(/not be requested again before \d{4}-\d{2}-\d{2}T/);
    expect((err as { headers?: Record<string, string> }).headers?.['Retry-After']).toMatch(/^\d+$/);
    expect(f.fake.writes().filter((w) => w.path === '/api/nginx/certificates')).toEqual([]);
    expect(activeBackoff(domain)?.failures).toBe(1);
  });

  it('recovers an orphan host left by a failed certificate_id "new" create, without "already in use"', async () => {
    // What an older client left behind: the host row with its config, no certificate, 500.
    // (A row made by hand in NPM's UI is not the appliance's: see ownership.test.ts.)
    f.fake.failNextCertificate(1);
    const token = f.fake.state.issueToken().token;
    const res = await fetch(`${f.fake.url}/api/nginx/proxy-hosts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ domain_names: [domain], forward_scheme: 'http', forward_host: 'netbird-acme-caddy', forward_port: 80, certificate_id: 'new', ssl_forced: true, advanced_config: legacyConfig('netbird-acme-caddy', 80) }),
    });
    expect(res.status).toBe(500);
    const [orphan] = f.fake.state.liveHosts();
    expect(orphan).toMatchObject({ certificate_id: 0, enabled: true });

    f.fake.clearLog();
    const result = await ensureTenantProxyHost(acme, f.settings);
    expect(result).toMatchObject({ hostId: orphan.id, created: false, updated: true });
    expect(f.fake.state.liveHosts()).toHaveLength(1);
    expect(f.fake.state.liveHosts()[0]).toMatchObject({ ssl_forced: true, http2_support: true, certificate_id: result.certificateId });
    expect(f.fake.state.requests.some((r) => r.status === 400)).toBe(false);
  });

  it('follows up with a PUT of the flags when NPM created the host with TLS flags off', async () => {
    // Simulates NPM answering a create like the certificate_id "new" bug does: certificate set, flags lost.
    const cert = f.fake.addCertificate({ domain_names: [domain] });
    const original = f.fake.state.insertHost.bind(f.fake.state);
    f.fake.state.insertHost = (fields) => original({ ...fields, certificate_id: cert.id, ssl_forced: false, http2_support: false });
    const result = await ensureTenantProxyHost(acme, f.settings);
    expect(result.created).toBe(true);
    const puts = f.fake.writes().filter((w) => w.method === 'PUT');
    expect(puts).toHaveLength(1);
    expect(puts[0].body).toMatchObject({ ssl_forced: true, http2_support: true });
    expect(f.fake.state.liveHosts()[0]).toMatchObject({ ssl_forced: true, http2_support: true });
  });

  it('listCertificates returns the fields the wildcard picker needs', async () => {
    const wildcard = f.fake.addCertificate({ domain_names: [`*.${BASE_DOMAIN}`], provider: 'other', nice_name: 'Wildcard' });
    const certs = await listCertificates(f.settings);
    expect(certs).toEqual([{ id: wildcard.id, nice_name: 'Wildcard', domain_names: [`*.${BASE_DOMAIN}`], expires_on: wildcard.expires_on, provider: 'other' }]);
    // NPM lists an uploaded certificate's private key in meta: it must not come out, nor be logged.
    const key = String(wildcard.meta.certificate_key);
    expect(key).toContain('PRIVATE KEY');
    expect(JSON.stringify(certs)).not.toContain('PRIVATE KEY');
    expect(f.logs.join('\n')).not.toContain('PRIVATE KEY');
  });

  it('wildcard mode accepts an uploaded (provider "other") certificate', async () => {
    const wildcard = f.fake.addCertificate({ domain_names: [`*.${BASE_DOMAIN}`], provider: 'other', nice_name: 'Wildcard' });
    const result = await ensureTenantProxyHost(acme, { ...f.settings, ssl_mode: 'wildcard' });
    expect(result.certificateId).toBe(wildcard.id);
  });
});
