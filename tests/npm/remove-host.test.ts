import { describe, expect, it } from 'vitest';
import { ensureTenantProxyHost } from '@/lib/proxy/ensure-tenant-proxy-host';
import { removeTenantProxyHost } from '@/lib/proxy/remove-tenant-proxy-host';
import { BASE_DOMAIN, npmSettings, useFakeNpm } from './npm-fixture';

const acme = { subdomain: 'acme', forwardHost: 'netbird-acme-caddy', forwardPort: 80 };

describe('removeTenantProxyHost', () => {
  const f = useFakeNpm();

  it('leaves no host and no orphaned per-tenant certificate, detaching before deleting', async () => {
    const made = await ensureTenantProxyHost(acme, f.settings);
    f.fake.clearLog();
    const result = await removeTenantProxyHost({ subdomain: 'acme', hostId: made.hostId, certificateId: made.certificateId }, f.settings);
    expect(result).toEqual({ hostDeleted: true, certificateDeleted: true });
    expect(f.fake.state.liveHosts()).toEqual([]);
    expect(f.fake.state.liveCertificates()).toEqual([]);
    expect(f.fake.writes().map((w) => `${w.method} ${w.path}`)).toEqual([
      `PUT /api/nginx/proxy-hosts/${made.hostId}`,
      `DELETE /api/nginx/proxy-hosts/${made.hostId}`,
      `DELETE /api/nginx/certificates/${made.certificateId}`,
    ]);
    expect(f.fake.writes()[0].body).toEqual({ certificate_id: 0 });
  });

  it('keeps a certificate another host still uses', async () => {
    const made = await ensureTenantProxyHost(acme, f.settings);
    f.fake.state.insertHost({ ...f.fake.state.liveHosts()[0], domain_names: ['alias.example.org'], certificate_id: made.certificateId });
    const result = await removeTenantProxyHost({ subdomain: 'acme' }, f.settings);
    expect(result).toEqual({ hostDeleted: true, certificateDeleted: false });
    expect(f.fake.state.liveCertificates().map((c) => c.id)).toEqual([made.certificateId]);
  });

  it('never deletes the wildcard certificate', async () => {
    const wildcard = f.fake.addCertificate({ domain_names: [`*.${BASE_DOMAIN}`] });
    const settings = npmSettings(f.fake.url, { ssl_mode: 'wildcard', wildcard_cert_id: wildcard.id });
    await ensureTenantProxyHost(acme, settings);
    const result = await removeTenantProxyHost({ subdomain: 'acme', certificateId: wildcard.id }, settings);
    expect(result).toEqual({ hostDeleted: true, certificateDeleted: false });
    expect(f.fake.state.liveCertificates().map((c) => c.id)).toEqual([wildcard.id]);
    expect(f.fake.writes().some((w) => w.method === 'DELETE' && w.path.includes('certificates'))).toBe(false);
  });

  it('is idempotent: nothing there is success, and acme2 is untouched', async () => {
    await ensureTenantProxyHost({ ...acme, subdomain: 'acme2' }, f.settings);
    const first = await removeTenantProxyHost({ subdomain: 'acme', hostId: 999 }, f.settings);
    expect(first).toEqual({ hostDeleted: false, certificateDeleted: false });
    expect(f.fake.state.liveHosts()).toHaveLength(1);
    await removeTenantProxyHost({ subdomain: 'acme2' }, f.settings);
    const again = await removeTenantProxyHost({ subdomain: 'acme2' }, f.settings);
    expect(again).toEqual({ hostDeleted: false, certificateDeleted: false });
    expect(f.fake.state.liveHosts()).toEqual([]);
  });

  it('deletes the leftover per-tenant certificate when the host is already gone', async () => {
    const made = await ensureTenantProxyHost(acme, f.settings);
    f.fake.state.liveHosts()[0].is_deleted = true;
    const result = await removeTenantProxyHost({ subdomain: 'acme', certificateId: made.certificateId }, f.settings);
    expect(result).toEqual({ hostDeleted: false, certificateDeleted: true });
    expect(f.fake.state.liveCertificates()).toEqual([]);
  });
});
