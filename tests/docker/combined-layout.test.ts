import { DATA_ROOT, RUN_ID, TMP, prepareStackTest, removeTmp, standinImageSettings } from './harness';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptSecret } from '../../lib/crypto';
import { db } from '../../lib/db';
import { dockerClient } from '../../lib/docker/client';
import { localEngine } from '../../lib/docker/engine';
import { listTenantContainers } from '../../lib/docker/list-containers';
import { checkStackHealth, tenantBaseUrl } from '../../lib/health/stack-health';
import { ensureTenantOwner } from '../../lib/jobs/owner-setup';
import { ensureProxyForTenant } from '../../lib/jobs/proxy-step';
import { deployStack } from '../../lib/netbird/deploy-stack';
import { migrateToCombined, type MigrationSteps } from '../../lib/netbird/migrate-layout';
import type { TenantStackSpec } from '../../lib/netbird/stack-spec';
import { getInstance } from '../../lib/netbird/tenant-client';
import { ensureAccountDnsDomain } from '../../lib/netbird/insight-client';
import { storedServiceToken } from '../../lib/insight/service-token';
import { parseConfigYaml } from '../../lib/netbird/validate-config-yaml';
import { getSettings, storeSettings } from '../../lib/settings/store';
import { startFakeNpm, type FakeNpm } from '../fakes/fake-npm';
import { removeByCustomer } from './docker-helpers';
import { forwardedFromPublicSender, forwardedViaPublishedPort } from './forwarded-probe';

/**
 * The combined layout on the real engine with the stand-ins: a new tenant deploys to three
 * healthy containers behind the same NPM host as a classic one; a classic tenant moves onto the
 * combined server with its data, key, owner and ports; a move whose server never gets healthy
 * returns the tenant to its classic containers with nothing lost.
 */
const engine = localEngine();
const proxyNetwork = `netbird-msp-test-${RUN_ID}`;
const BROKEN_SERVER = `netbird-msp-standin/netbird-server:0.77.1-broken${RUN_ID}`;
// A classic deploy, a restic backup and one or two more deploys: about 10 s on a quiet host, minutes on a loaded one.
const MIGRATION_TIMEOUT_MS = 300_000;
const ids: string[] = [];
const subs: string[] = [];
let npm: FakeNpm;

async function createCustomer(prefix: string, layout: 'combined' | 'classic'): Promise<string> {
  const subdomain = `${prefix}${RUN_ID}`;
  const c = await db().customer.create({ data: { name: subdomain, subdomain, email: `owner@${subdomain}.example`, maxDevices: 5, layout } });
  ids.push(c.id);
  subs.push(subdomain);
  return c.id;
}

/** Deploys and creates the owner as the deploy job does. */
async function deployWithOwner(id: string): Promise<TenantStackSpec> {
  const { spec } = await deployStack(id, { healthTimeoutMs: 30_000 });
  const c = await db().customer.findUniqueOrThrow({ where: { id } });
  await ensureTenantOwner(spec, c, await getSettings());
  return spec;
}

/** Records each step like the job's reporter, without a job row. */
function recorder(log: string[]): MigrationSteps {
  return {
    step: async (name, run) => {
      try {
        const value = await run();
        log.push(`${name}:succeeded`);
        return value;
      } catch (err) {
        log.push(`${name}:failed`);
        throw err;
      }
    },
    report: async (name, state) => {
      log.push(`${name}:${state}`);
    },
  };
}

async function services(id: string): Promise<string[]> {
  return (await listTenantContainers(engine, id)).filter((c) => c.state === 'running').map((c) => c.service).sort();
}

beforeAll(async () => {
  npm = await startFakeNpm({ email: 'automation@msp.example.com', password: 'npm-automation-secret' });
  await prepareStackTest(proxyNetwork);
  await storeSettings({
    netbird_server_image: 'netbird-msp-standin/netbird-server:0.77.1',
    base_domain: 'msp.example.com',
    npm_api_url: npm.url,
    npm_api_email: 'automation@msp.example.com',
    npm_api_password: 'npm-automation-secret',
    ssl_mode: 'none',
  });
  const { writeBackupSettings, ensureRepositoryPassword } = await import('../../lib/backups/backup-settings');
  await writeBackupSettings({ repository_type: 'local', local_path: path.join(TMP, 'backups') });
  await ensureRepositoryPassword();
  // A "server" that starts but never answers NetBird's API: the signal stand-in under a release tag.
  await dockerClient().getImage('netbird-msp-standin/signal:test').tag({ repo: 'netbird-msp-standin/netbird-server', tag: `0.77.1-broken${RUN_ID}` });
});

afterAll(async () => {
  await removeByCustomer(ids, [...subs.map((s) => `netbird-${s}`), proxyNetwork]);
  await dockerClient().getImage(BROKEN_SERVER).remove().catch(() => undefined);
  await npm?.stop();
  removeTmp();
});

describe('a new tenant in the combined layout', () => {
  let id: string;
  let spec: TenantStackSpec;

  beforeAll(async () => {
    id = await createCustomer('comb', 'combined');
    spec = await deployWithOwner(id);
  });

  it('runs three healthy containers: the server, the dashboard and Caddy', async () => {
    expect(await services(id)).toEqual(['caddy', 'dashboard', 'server']);
    const health = await checkStackHealth(engine, spec);
    expect(health.services.map((s) => [s.service, s.healthy])).toEqual([['server', true], ['dashboard', true], ['caddy', true]]);
    const row = await db().deployment.findUniqueOrThrow({ where: { customerId: id } });
    expect([row.serverImage, row.managementImage, row.signalImage]).toEqual(['netbird-msp-standin/netbird-server:0.77.1', null, null]);
  });

  it('has its owner, and answers every NetBird path from the one server through Caddy', async () => {
    const base = tenantBaseUrl(spec);
    expect(await getInstance(base)).toEqual({ setup_required: false });
    const row = await db().deployment.findUniqueOrThrow({ where: { customerId: id } });
    expect(row.ownerToken).not.toBeNull();
    for (const [p, text] of [['/relay', 'netbird-server relay'], ['/ws-proxy/signal', 'netbird-server signal'], ['/ws-proxy/management', 'netbird-server management']]) {
      const res = await fetch(`${base}${p}`);
      expect(await res.text()).toContain(text);
    }
    const oidc = (await (await fetch(`${base}/oauth2/.well-known/openid-configuration`)).json()) as { issuer: string };
    expect(oidc.issuer).toBe(`https://comb${RUN_ID}.msp.example.com/oauth2`);
    expect(await (await fetch(`${base}/`)).text()).toContain('dashboard stand-in');
  });

  it('passes the client address to the server only from a trusted proxy', async () => {
    const forged = await forwardedFromPublicSender(spec, standinImageSettings().caddy_image, '203.0.113.66', RUN_ID);
    expect(forged.seen).toEqual({ x_forwarded_for: forged.sender, x_real_ip: '' });
    const viaProxy = await forwardedViaPublishedPort(spec, '203.0.113.7');
    expect(viaProxy.x_forwarded_for.split(', ')).toEqual(['203.0.113.7', expect.stringMatching(/^(10|172|192\.168|127)\./)]);
    expect(viaProxy.x_real_ip).toBe('203.0.113.7');
  });

  it('gets the same NPM proxy host as a classic tenant: Caddy\'s port, HTTP/2, gRPC to Caddy', async () => {
    await ensureProxyForTenant(spec, await getSettings());
    const host = npm.state.liveHosts().find((h) => h.domain_names.includes(`comb${RUN_ID}.msp.example.com`));
    expect(host?.forward_port).toBe(spec.dashboardPort);
    expect(host?.meta.nginx_online).toBe(true);
    expect(String(host?.advanced_config)).toContain('grpc_pass');
  });
});

describe('moving classic tenants to the combined server', () => {
  async function classicWithData(prefix: string): Promise<{ id: string; spec: TenantStackSpec; marker: string }> {
    const id = await createCustomer(prefix, 'classic');
    const spec = await deployWithOwner(id);
    const marker = path.join(DATA_ROOT, spec.subdomain, 'data/management/marker');
    fs.writeFileSync(marker, `data of ${prefix}`);
    return { id, spec, marker };
  }

  it('moves with marker, encryption key, owner and ports intact', async () => {
    const { id, spec, marker } = await classicWithData('mig');
    const before = await db().deployment.findUniqueOrThrow({ where: { customerId: id } });
    const log: string[] = [];
    await migrateToCombined(id, recorder(log), { healthTimeoutMs: 30_000 });
    expect(log).toEqual(['check:succeeded', 'backup:succeeded', 'deploy:succeeded', 'verify:succeeded', 'record:succeeded', 'rollback:skipped']);
    expect((await db().customer.findUniqueOrThrow({ where: { id } })).layout).toBe('combined');
    expect(await services(id)).toEqual(['caddy', 'dashboard', 'server']);
    expect(fs.readFileSync(marker, 'utf8')).toBe('data of mig');
    const after = await db().deployment.findUniqueOrThrow({ where: { customerId: id } });
    expect([after.dashboardPort, after.relayPort]).toEqual([before.dashboardPort, before.relayPort]);
    const config = parseConfigYaml(fs.readFileSync(path.join(DATA_ROOT, spec.subdomain, 'config.yaml'), 'utf8'));
    expect(config.server.store.encryptionKey).toBe(decryptSecret(before.encryptionKey as string));
    expect(config.server.authSecret).toBe(decryptSecret(before.relaySecret as string));
    expect(config.server.stunPorts).toEqual([before.relayPort]);
    // The stand-in refuses a store encrypted with another key, and answers from the classic owner file.
    expect(await getInstance(tenantBaseUrl(spec))).toEqual({ setup_required: false });
    const server = (await listTenantContainers(engine, id)).find((c) => c.service === 'server');
    const inspect = await dockerClient().getContainer(server?.id as string).inspect();
    expect(Object.keys(inspect.HostConfig.PortBindings ?? {})).toEqual([`${before.relayPort}/udp`]);
    // Peers keep their DNS names: the classic domain is the account's dns_domain (config.yaml has no key for it).
    expect(after.keepDnsDomain).toBe('netbird.selfhosted');
    const token = await storedServiceToken(id);
    expect(token).not.toBeNull();
    expect(await ensureAccountDnsDomain(token!.base, token!.token, 'netbird.selfhosted')).toBe(false);
  }, MIGRATION_TIMEOUT_MS);

  it('returns to classic with nothing lost when the new server never gets healthy', async () => {
    const { id, spec, marker } = await classicWithData('back');
    const before = await db().deployment.findUniqueOrThrow({ where: { customerId: id } });
    await storeSettings({ netbird_server_image: BROKEN_SERVER });
    const log: string[] = [];
    try {
      await expect(migrateToCombined(id, recorder(log), { healthTimeoutMs: 8_000 })).rejects.toThrow(/Migration failed and was undone/);
    } finally {
      await storeSettings({ netbird_server_image: 'netbird-msp-standin/netbird-server:0.77.1' });
    }
    expect(log).toEqual(['check:succeeded', 'backup:succeeded', 'deploy:failed', 'rollback:succeeded']);
    expect((await db().customer.findUniqueOrThrow({ where: { id } })).layout).toBe('classic');
    expect(await services(id)).toEqual(['caddy', 'dashboard', 'management', 'relay', 'signal']);
    expect(fs.readFileSync(marker, 'utf8')).toBe('data of back');
    const after = await db().deployment.findUniqueOrThrow({ where: { customerId: id } });
    expect([after.dashboardPort, after.relayPort, after.encryptionKey, after.ownerPassword]).toEqual([before.dashboardPort, before.relayPort, before.encryptionKey, before.ownerPassword]);
    expect(await getInstance(tenantBaseUrl(spec))).toEqual({ setup_required: false });
    expect((await checkStackHealth(engine, spec)).healthy).toBe(true);
  }, MIGRATION_TIMEOUT_MS);
});
