import { describe, expect, it } from 'vitest';
import { ensureTenantProxyHost } from '@/lib/proxy/ensure-tenant-proxy-host';
import { removeTenantProxyHost } from '@/lib/proxy/remove-tenant-proxy-host';
import { BASE_DOMAIN, failureOf, legacyConfig, useFakeNpm } from './npm-fixture';

const vault = { subdomain: 'vault', forwardHost: 'netbird-vault-caddy', forwardPort: 80 };
const domain = `vault.${BASE_DOMAIN}`;

/** Issue 14 finding 2: the appliance changes or deletes only proxy hosts it created. */
describe('proxy host ownership', () => {
  const f = useFakeNpm();

  function handMade() {
    return f.fake.addProxyHost({ domain_names: [domain], forward_host: '10.9.9.9', forward_port: 8200, advanced_config: 'allow 10.0.0.0/8;\ndeny all;' });
  }

  it('refuses to take over a host made by hand in NPM: 409 naming the host, nothing written', async () => {
    const foreign = handMade();
    const before = structuredClone(foreign);
    f.fake.clearLog();
    const err = await failureOf(ensureTenantProxyHost(vault, f.settings));
    expect(err.code).toBe('NPM_HOST_FOREIGN');
    expect(err.message).toContain(`#${foreign.id}`);
    expect(err.details).toEqual({ hostId: foreign.id, domain });
    expect(f.fake.writes().filter((w) => w.path !== '/api/tokens')).toEqual([]);
    expect(f.fake.state.liveHosts()).toEqual([before]);
  });

  it('does not delete a hand-made host when the customer is deleted, and reports it', async () => {
    const foreign = handMade();
    const result = await removeTenantProxyHost({ subdomain: 'vault' }, f.settings);
    expect(result).toMatchObject({ hostDeleted: false, foreignHostId: foreign.id });
    expect(f.fake.state.liveHosts().map((h) => h.id)).toEqual([foreign.id]);
  });

  it('a recorded id that now names a hand-made host (NPM reinstalled, ids restarted) is not ours either', async () => {
    const foreign = handMade();
    const err = await failureOf(ensureTenantProxyHost({ ...vault, hostId: foreign.id + 5 }, f.settings));
    expect(err.code).toBe('NPM_HOST_FOREIGN');
    const other = f.fake.addProxyHost({ domain_names: ['wiki.example.org'] });
    const removed = await removeTenantProxyHost({ subdomain: 'vault', hostId: other.id }, f.settings);
    expect(removed.hostDeleted).toBe(false);
    expect(f.fake.state.liveHosts()).toHaveLength(2);
  });

  it('an admin adoption takes the host over: rewritten with the marker, later runs and deletes treat it as ours', async () => {
    const foreign = handMade();
    const adopted = await ensureTenantProxyHost({ ...vault, adoptHostId: foreign.id }, f.settings);
    expect(adopted).toMatchObject({ hostId: foreign.id, created: false, updated: true });
    expect(f.fake.state.liveHosts()[0].advanced_config).toMatch(/^# netbird-msp-appliance tenant=vault/);
    expect(await ensureTenantProxyHost(vault, f.settings)).toMatchObject({ hostId: foreign.id, updated: false });
    expect((await removeTenantProxyHost({ subdomain: 'vault', hostId: foreign.id }, f.settings)).hostDeleted).toBe(true);
  });

  it('adopting names the host id it confirms: another id is refused without a write', async () => {
    const foreign = handMade();
    f.fake.clearLog();
    const err = await failureOf(ensureTenantProxyHost({ ...vault, adoptHostId: foreign.id + 1 }, f.settings));
    expect(err.code).toBe('NOT_FOUND');
    expect(f.fake.writes().filter((w) => w.path !== '/api/tokens')).toEqual([]);
  });

  it('hosts of earlier releases keep working: the recorded id, or the exact config those releases wrote', async () => {
    const byConfig = f.fake.addProxyHost({ domain_names: [domain], forward_host: 'netbird-vault-caddy', forward_port: 80, advanced_config: legacyConfig('netbird-vault-caddy', 80) });
    expect((await ensureTenantProxyHost(vault, f.settings)).hostId).toBe(byConfig.id);
    expect(f.fake.state.liveHosts()[0].advanced_config).toContain('set $nb_grpc_upstream');

    const acmeDomain = `acme.${BASE_DOMAIN}`;
    const byId = f.fake.addProxyHost({ domain_names: [acmeDomain], forward_host: 'netbird-acme-caddy', forward_port: 80, advanced_config: 'edited by hand' });
    const acme = { subdomain: 'acme', forwardHost: 'netbird-acme-caddy', forwardPort: 80 };
    expect(await failureOf(ensureTenantProxyHost(acme, f.settings))).toMatchObject({ code: 'NPM_HOST_FOREIGN' });
    expect(await ensureTenantProxyHost({ ...acme, hostId: byId.id }, f.settings)).toMatchObject({ hostId: byId.id, updated: true });
  });

  it('a host marked for another tenant is not this tenant\'s, even under its name', async () => {
    await ensureTenantProxyHost({ subdomain: 'other', forwardHost: 'netbird-other-caddy', forwardPort: 80 }, f.settings);
    const marked = f.fake.state.liveHosts()[0];
    f.fake.addProxyHost({ domain_names: [domain], advanced_config: marked.advanced_config });
    expect(await failureOf(ensureTenantProxyHost(vault, f.settings))).toMatchObject({ code: 'NPM_HOST_FOREIGN' });
  });
});
