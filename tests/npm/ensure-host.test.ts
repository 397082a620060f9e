import { describe, expect, it } from 'vitest';
import { GRPC_PATH_PATTERN } from '@/lib/proxy/advanced-config';
import { ensureTenantProxyHost } from '@/lib/proxy/ensure-tenant-proxy-host';
import { BASE_DOMAIN, failureOf, legacyConfig, npmSettings, useFakeNpm } from './npm-fixture';

const acme = { subdomain: 'acme', forwardHost: 'netbird-acme-caddy', forwardPort: 80 };

describe('ensureTenantProxyHost (letsencrypt)', () => {
  const f = useFakeNpm();

  it('ends with a numeric certificate, TLS flags, websockets, gRPC in the advanced config, online', async () => {
    const result = await ensureTenantProxyHost(acme, f.settings);
    expect(result).toMatchObject({ domain: `acme.${BASE_DOMAIN}`, created: true, updated: false });
    const [host] = f.fake.state.liveHosts();
    expect(host.id).toBe(result.hostId);
    expect(typeof host.certificate_id).toBe('number');
    expect(host.certificate_id).toBe(result.certificateId);
    expect(host.certificate_id).toBeGreaterThan(0);
    expect(host).toMatchObject({ ssl_forced: true, http2_support: true, allow_websocket_upgrade: true, block_exploits: true, forward_scheme: 'http', forward_host: 'netbird-acme-caddy', forward_port: 80 });
    expect(host.meta.nginx_online).toBe(true);
    expect(host.advanced_config).toContain(`location ~ ${GRPC_PATH_PATTERN}`);
    expect(host.advanced_config).toContain('set $nb_grpc_upstream grpc://netbird-acme-caddy:80;');
    expect(host.locations).toEqual([]);
    const cert = f.fake.state.liveCertificates().find((c) => c.id === host.certificate_id);
    expect(cert?.domain_names).toEqual([`acme.${BASE_DOMAIN}`]);
  });

  it('requests the certificate first, without letsencrypt_email/agree, then creates the host with its id', async () => {
    await ensureTenantProxyHost(acme, f.settings);
    const writes = f.fake.writes().filter((w) => w.path !== '/api/tokens');
    expect(writes.map((w) => `${w.method} ${w.path}`)).toEqual(['POST /api/nginx/certificates', 'POST /api/nginx/proxy-hosts']);
    expect(writes[0].body).toEqual({ provider: 'letsencrypt', domain_names: [`acme.${BASE_DOMAIN}`], meta: {} });
    expect((writes[1].body as { certificate_id: unknown }).certificate_id).toBe(f.fake.state.liveCertificates()[0].id);
  });

  it('a second run changes nothing: no write requests', async () => {
    await ensureTenantProxyHost(acme, f.settings);
    f.fake.clearLog();
    const again = await ensureTenantProxyHost(acme, f.settings);
    expect(again).toMatchObject({ created: false, updated: false });
    expect(f.fake.writes()).toEqual([]);
  });

  it('finds its host by exact domain: acme is not acme2', async () => {
    const other = await ensureTenantProxyHost({ ...acme, subdomain: 'acme2' }, f.settings);
    const mine = await ensureTenantProxyHost(acme, f.settings);
    expect(mine.created).toBe(true);
    expect(mine.hostId).not.toBe(other.hostId);
    expect(f.fake.state.liveHosts()).toHaveLength(2);
  });

  it('updates only the fields that differ', async () => {
    await ensureTenantProxyHost(acme, f.settings);
    f.fake.clearLog();
    const moved = await ensureTenantProxyHost({ ...acme, forwardHost: '10.0.0.5', forwardPort: 9001 }, f.settings);
    expect(moved).toMatchObject({ created: false, updated: true });
    const puts = f.fake.writes();
    expect(puts).toHaveLength(1);
    expect(Object.keys(puts[0].body as object).sort()).toEqual(['advanced_config', 'forward_host', 'forward_port']);
    expect(f.fake.state.liveHosts()[0].advanced_config).toContain('set $nb_grpc_upstream grpc://10.0.0.5:9001;');
  });

  it('reuses a valid certificate for exactly that name and skips expired or broader ones', async () => {
    f.fake.addCertificate({ domain_names: [`acme.${BASE_DOMAIN}`], expires_on: '2001-01-01 00:00:00' });
    f.fake.addCertificate({ domain_names: [`acme.${BASE_DOMAIN}`, `www.acme.${BASE_DOMAIN}`] });
    const valid = f.fake.addCertificate({ domain_names: [`acme.${BASE_DOMAIN}`] });
    const result = await ensureTenantProxyHost(acme, f.settings);
    expect(result.certificateId).toBe(valid.id);
    expect(f.fake.writes().some((w) => w.path === '/api/nginx/certificates')).toBe(false);
  });

  it('A.1: reads the host back after a create (the 201 has meta {}) and fails with nginx_err when nginx rejected it', async () => {
    f.fake.setDirectiveKnown('grpc_socket_keepalive', false);
    const err = await failureOf(ensureTenantProxyHost(acme, f.settings));
    expect(err.code).toBe('NPM_HOST_OFFLINE');
    expect(err.message).toContain('unknown directive "grpc_socket_keepalive"');
    const created = f.fake.state.requests.findIndex((r) => r.method === 'POST' && r.path === '/api/nginx/proxy-hosts');
    expect(f.fake.state.requests[created + 1].path).toMatch(/^\/api\/nginx\/proxy-hosts\/\d+\?/);
    f.fake.setDirectiveKnown('grpc_socket_keepalive', true);
    const retry = await ensureTenantProxyHost(acme, f.settings);
    expect(retry).toMatchObject({ created: false, updated: true });
    expect(f.fake.state.liveHosts()[0].meta.nginx_online).toBe(true);
  });

  it('A.2: a row a failed create left with meta {} and no config file is repaired, not adopted as created', async () => {
    f.fake.failNextHostWriteAfterSave();
    const result = await ensureTenantProxyHost(acme, f.settings);
    expect(result.created).toBe(true);
    const [host] = f.fake.state.liveHosts();
    expect(host.meta.nginx_online).toBe(true);
    expect(f.fake.state.configFiles.has(host.id)).toBe(true);
    f.fake.clearLog();
    expect(await ensureTenantProxyHost(acme, f.settings)).toMatchObject({ created: false, updated: false });
    expect(f.fake.writes()).toEqual([]);
  });

  it('A.2: an existing host without nginx_online (never configured) is rewritten on the next run instead of "unchanged"', async () => {
    const made = await ensureTenantProxyHost(acme, f.settings);
    const host = f.fake.state.liveHosts()[0];
    host.meta = {};
    f.fake.state.configFiles.delete(host.id);
    f.fake.clearLog();
    const again = await ensureTenantProxyHost({ ...acme, hostId: made.hostId }, f.settings);
    expect(again).toMatchObject({ created: false, updated: true });
    expect(f.fake.writes().map((w) => `${w.method} ${w.path}`)).toEqual([`PUT /api/nginx/proxy-hosts/${made.hostId}`]);
    expect(f.fake.state.configFiles.has(host.id)).toBe(true);
  });

  it('A.3: a stopped tenant (Caddy name unresolvable) breaks neither its own host nor any other tenant\'s write', async () => {
    await ensureTenantProxyHost(acme, f.settings);
    f.fake.setUpstreamResolvable('netbird-acme-caddy', false);
    const beta = await ensureTenantProxyHost({ subdomain: 'beta', forwardHost: 'netbird-beta-caddy', forwardPort: 80 }, f.settings);
    expect(beta.created).toBe(true);
    expect(f.fake.state.liveHosts().every((h) => h.meta.nginx_online === true)).toBe(true);
    // What an NPM restart would run: nginx still starts.
    expect(f.fake.nginxTest()).toBeNull();
    const acmeAgain = await ensureTenantProxyHost({ ...acme, forwardPort: 81 }, f.settings);
    expect(acmeAgain.updated).toBe(true);
  });

  it('A.3: (the fake checks all hosts) a literal upstream of an older release fails every other write once it stops resolving', async () => {
    f.fake.addProxyHost({ domain_names: [`old.${BASE_DOMAIN}`], forward_host: 'netbird-old-caddy', forward_port: 80, advanced_config: legacyConfig('netbird-old-caddy', 80) });
    f.fake.setUpstreamResolvable('netbird-old-caddy', false);
    expect(f.fake.nginxTest()).toContain('host not found in upstream "netbird-old-caddy"');
    const err = await failureOf(ensureTenantProxyHost(acme, f.settings));
    expect(err.code).toBe('NPM_ERROR');
    expect(err.message).toContain('500');
  });

  it('reads the host back after a 500 on create instead of failing with "already in use"', async () => {
    f.fake.failNextHostWriteAfterSave();
    const result = await ensureTenantProxyHost(acme, f.settings);
    expect(result.created).toBe(true);
    expect(f.fake.state.liveHosts()).toHaveLength(1);
    const log = f.fake.state.requests.map((r) => `${r.method} ${r.path.split('?')[0]} ${r.status}`);
    const failedAt = log.indexOf('POST /api/nginx/proxy-hosts 500');
    expect(failedAt).toBeGreaterThan(-1);
    // After the 500 the client asks who it is (a view-only user also gets 500), then reads the host back.
    expect(log.slice(failedAt + 1).filter((l) => !l.startsWith('GET /api/users/me'))[0]).toBe('GET /api/nginx/proxy-hosts 200');
    expect(log.filter((l) => l.startsWith('POST /api/nginx/proxy-hosts'))).toHaveLength(1);
    expect(f.fake.state.requests.some((r) => r.status === 400)).toBe(false);
  });
});

describe('ensureTenantProxyHost (wildcard and none)', () => {
  const f = useFakeNpm();

  it('wildcard mode picks the valid *.<base> certificate found in NPM', async () => {
    f.fake.addCertificate({ domain_names: [`*.${BASE_DOMAIN}`], expires_on: '2001-01-01 00:00:00' });
    f.fake.addCertificate({ domain_names: ['*.other.example.com'] });
    const wildcard = f.fake.addCertificate({ domain_names: [`*.${BASE_DOMAIN}`, BASE_DOMAIN], provider: 'other', nice_name: 'MSP wildcard' });
    const result = await ensureTenantProxyHost(acme, npmSettings(f.fake.url, { ssl_mode: 'wildcard' }));
    expect(result.certificateId).toBe(wildcard.id);
    expect(f.fake.state.liveHosts()[0]).toMatchObject({ certificate_id: wildcard.id, ssl_forced: true, http2_support: true });
    expect(f.fake.writes().some((w) => w.path.startsWith('/api/nginx/certificates'))).toBe(false);
  });

  it('wildcard mode uses the configured wildcard_cert_id', async () => {
    f.fake.addCertificate({ domain_names: [`*.${BASE_DOMAIN}`] });
    const chosen = f.fake.addCertificate({ domain_names: [`*.${BASE_DOMAIN}`], nice_name: 'chosen' });
    const result = await ensureTenantProxyHost(acme, npmSettings(f.fake.url, { ssl_mode: 'wildcard', wildcard_cert_id: chosen.id }));
    expect(result.certificateId).toBe(chosen.id);
  });

  it('wildcard mode without a wildcard certificate fails clearly', async () => {
    const err = await failureOf(ensureTenantProxyHost(acme, npmSettings(f.fake.url, { ssl_mode: 'wildcard' })));
    expect(err.code).toBe('NPM_CERTIFICATE_MISSING');
    expect(err.message).toContain(`*.${BASE_DOMAIN}`);
    const gone = await failureOf(ensureTenantProxyHost(acme, npmSettings(f.fake.url, { ssl_mode: 'wildcard', wildcard_cert_id: 99 })));
    expect(gone.message).toContain('#99');
    expect(f.fake.state.liveHosts()).toEqual([]);
  });

  it('none mode creates a plain HTTP host with certificate_id 0 and stays idempotent', async () => {
    const settings = npmSettings(f.fake.url, { ssl_mode: 'none' });
    const result = await ensureTenantProxyHost(acme, settings);
    expect(result.certificateId).toBe(0);
    expect(f.fake.state.liveHosts()[0]).toMatchObject({ certificate_id: 0, ssl_forced: false, http2_support: false, allow_websocket_upgrade: true });
    expect(f.fake.state.liveCertificates()).toEqual([]);
    f.fake.clearLog();
    await ensureTenantProxyHost(acme, settings);
    expect(f.fake.writes()).toEqual([]);
  });
});
