import { describe, expect, it } from 'vitest';
import { buildStackSpec, tenantDomain } from './stack-spec';
import { stackInput } from './test-fixtures';

describe('buildStackSpec', () => {
  const spec = buildStackSpec(stackInput());
  const byService = Object.fromEntries(spec.containers.map((c) => [c.service, c]));

  it('names, labels and networks every container of the tenant', () => {
    expect(spec.containers.map((c) => c.name)).toEqual([
      'netbird-acme-management',
      'netbird-acme-signal',
      'netbird-acme-relay',
      'netbird-acme-dashboard',
      'netbird-acme-caddy',
    ]);
    for (const c of spec.containers) {
      expect(c.labels).toEqual({ 'netbird-msp.customer': 'cust_123', 'netbird-msp.subdomain': 'acme', 'netbird-msp.service': c.service });
      expect(c.memoryLimitBytes).toBe(512 * 1024 * 1024);
    }
    expect(spec.network).toBe('netbird-acme');
    expect(spec.subnetPool).toBe('10.213.0.0/16');
    expect(byService.caddy.networks).toEqual(['netbird-acme', 'npm-network']);
    expect(spec.containers.filter((c) => c.service !== 'caddy').every((c) => c.networks.join() === 'netbird-acme')).toBe(true);
    expect(byService.caddy.phase).toBe(1);
  });

  it('gives management its flags and env, and publishes only Caddy TCP and relay UDP', () => {
    expect(byService.management.cmd).toEqual([
      '--port', '80', '--log-file', 'console', '--log-level', 'info',
      '--single-account-mode-domain=acme.msp.example.com', '--dns-domain=netbird.selfhosted', '--idp-sign-key-refresh-enabled',
    ]);
    expect(byService.management.env).toEqual({ NB_SETUP_PAT_ENABLED: 'true', NB_DISABLE_GEOLOCATION: 'true' });
    expect(byService.caddy.ports).toEqual([{ container: 80, host: 9001, protocol: 'tcp', hostIps: ['127.0.0.1'] }]);
    expect(byService.relay.ports).toEqual([{ container: 3479, host: 3479, protocol: 'udp' }]);
    expect(spec.containers.flatMap((c) => c.ports)).toHaveLength(2);
  });

  it('mounts config read-only and data under DATA_DIR/<sub>/data', () => {
    expect(byService.management.binds).toEqual([
      { source: '/srv/netbird-msp/tenants/acme/management.json', target: '/etc/netbird/management.json', readOnly: true },
      { source: '/srv/netbird-msp/tenants/acme/data/management', target: '/var/lib/netbird' },
    ]);
    expect(byService.caddy.binds[0]).toEqual({ source: '/srv/netbird-msp/tenants/acme/Caddyfile', target: '/etc/caddy/Caddyfile', readOnly: true });
  });

  it('takes images and the memory limit from settings; 0 means no limit', () => {
    const s = buildStackSpec(stackInput({ settings: { ...stackInput().settings, caddy_image: 'caddy:2.9', container_memory_limit_mb: 0 } }));
    expect(s.containers.find((c) => c.service === 'caddy')?.image).toBe('caddy:2.9');
    expect(s.containers.every((c) => c.memoryLimitBytes === 0)).toBe(true);
  });

  it('falls back to <sub>.localhost without a base domain', () => {
    expect(tenantDomain('acme', '')).toBe('acme.localhost');
    expect(buildStackSpec(stackInput({ settings: { ...stackInput().settings, base_domain: '' } })).publicUrl).toBe('https://acme.localhost');
  });

  it('refuses a subdomain that is not a DNS label and a relative data root', () => {
    for (const subdomain of ['../etc', 'Acme', 'a b', '-x', 'a;rm', '']) {
      expect(() => buildStackSpec(stackInput({ customer: { id: 'c1', subdomain } }))).toThrow(/DNS label/);
    }
    expect(() => buildStackSpec(stackInput({ dataRoot: 'data/tenants' }))).toThrow(/absolute/);
  });
});
