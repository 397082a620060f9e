import { DATA_ROOT, RUN_ID, prepareStackTest, removeTmp, standinImageSettings } from './harness';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptSecret } from '../../lib/crypto';
import { db } from '../../lib/db';
import { dockerClient } from '../../lib/docker/client';
import { listAllTenantContainers, listTenantContainers } from '../../lib/docker/list-containers';
import { deployStack } from '../../lib/netbird/deploy-stack';
import { removeTenantStack } from '../../lib/netbird/remove-stack';
import { tenantBaseUrl } from '../../lib/health/stack-health';
import { getInstance, listPeers, setupOwner } from '../../lib/netbird/tenant-client';
import type { TenantStackSpec } from '../../lib/netbird/stack-spec';
import { containerIp, execIn, removeByCustomer } from './docker-helpers';
import { localEngine } from '../../lib/docker/engine';
import { forwardedFromPublicSender, forwardedViaPublishedPort } from './forwarded-probe';

const engine = localEngine();

/**
 * Two tenants on the real engine, `acme<run>` and `acme<run>2` (one name a prefix of the
 * other, so anything that matched by name prefix would hit the wrong tenant).
 */
const proxyNetwork = `netbird-msp-test-${RUN_ID}`;
const subA = `acme${RUN_ID}`;
const subB = `acme${RUN_ID}2`;
const ids: string[] = [];
let a: TenantStackSpec;
let b: TenantStackSpec;

async function createCustomer(subdomain: string): Promise<string> {
  const c = await db().customer.create({ data: { name: subdomain, subdomain, email: `${subdomain}@example.com`, maxDevices: 10 } });
  ids.push(c.id);
  return c.id;
}

beforeAll(async () => {
  await prepareStackTest(proxyNetwork);
  const [idA, idB] = await Promise.all([createCustomer(subA), createCustomer(subB)]);
  [{ spec: a }, { spec: b }] = await Promise.all([deployStack(idA, { healthTimeoutMs: 30_000 }), deployStack(idB, { healthTimeoutMs: 30_000 })]);
});

afterAll(async () => {
  await removeByCustomer(ids, [`netbird-${subA}`, `netbird-${subB}`, proxyNetwork]);
  removeTmp();
});

describe('two tenants on a real Docker Engine', () => {
  it('runs ten labelled containers on two separate networks, Caddy also on the proxy network', async () => {
    const all = await listAllTenantContainers(engine);
    const mine = ids.flatMap((id) => all.get(id) ?? []);
    expect(mine).toHaveLength(10);
    expect(mine.every((c) => c.state === 'running')).toBe(true);
    expect((all.get(a.customerId) ?? []).map((c) => c.name).sort()).toEqual(a.containers.map((c) => c.name).sort());
    const net = await dockerClient().getNetwork(`netbird-${subA}`).inspect();
    const members = Object.values(net.Containers as Record<string, { Name: string }>).map((c) => c.Name).sort();
    expect(members).toEqual(a.containers.map((c) => c.name).sort());
    // The tenant network is a /28 of the default docker_subnet_pool, not one of Docker's default pools.
    expect((net as { IPAM?: { Config?: { Subnet?: string }[] } }).IPAM?.Config?.[0]?.Subnet).toMatch(/^10\.213\.\d+\.\d+\/28$/);
    const proxy = await dockerClient().getNetwork(proxyNetwork).inspect();
    expect(Object.values(proxy.Containers as Record<string, { Name: string }>).map((c) => c.Name).sort()).toEqual([`netbird-${subA}-caddy`, `netbird-${subB}-caddy`]);
    expect(new Set([a.dashboardPort, b.dashboardPort, a.relayPort, b.relayPort]).size).toBe(4);
  });

  it('routes / to the dashboard and /api/instance to management through Caddy', async () => {
    const page = await fetch(`${tenantBaseUrl(a)}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`https://${subA}.localhost`);
    expect(await getInstance(tenantBaseUrl(a))).toEqual({ setup_required: true });
  });

  it('passes the client address to management only from a trusted proxy', async () => {
    // A sender outside the private ranges cannot name a client: Caddy puts its own address instead.
    const forged = await forwardedFromPublicSender(a, standinImageSettings().caddy_image, '203.0.113.66', RUN_ID);
    expect(forged.seen).toEqual({ x_forwarded_for: forged.sender, x_real_ip: '' });
    // NPM (a private address) names the client: it stays first, the sender Caddy saw is appended.
    const viaProxy = await forwardedViaPublishedPort(a, '203.0.113.7');
    expect(viaProxy.x_forwarded_for.split(', ')).toEqual(['203.0.113.7', expect.stringMatching(/^(10|172|192\.168|127)\./)]);
    expect(viaProxy.x_real_ip).toBe('203.0.113.7');
  });

  it("keeps tenant A's network from reaching tenant B's management", async () => {
    const from = `netbird-${subA}-management`;
    const own = await execIn(from, ['timeout', '3', 'wget', '-q', '-O-', `http://netbird-${subA}-dashboard/`]);
    expect(own.exitCode).toBe(0);
    const byName = await execIn(from, ['timeout', '3', 'wget', '-q', '-O-', `http://netbird-${subB}-management/api/instance`]);
    expect(byName.exitCode).not.toBe(0);
    const ipB = await containerIp(`netbird-${subB}-management`, `netbird-${subB}`);
    const byIp = await execIn(from, ['timeout', '3', 'wget', '-q', '-O-', `http://${ipB}/api/instance`]);
    expect(byIp.exitCode).not.toBe(0);
  });

  it('creates the owner once through the tenant API and lists peers with its token', async () => {
    const base = tenantBaseUrl(a);
    const owner = await setupOwner(base, { email: 'owner@example.com', password: 'correct horse battery', name: 'Owner', create_pat: true, pat_expire_in: 365 });
    expect(owner.personal_access_token).toMatch(/^nbp_/);
    await expect(setupOwner(base, { email: 'x@example.com', password: 'another password', name: 'X', create_pat: true, pat_expire_in: 1 })).rejects.toMatchObject({ code: 'TENANT_OWNER_EXISTS' });
    expect(await listPeers(base, owner.personal_access_token as string)).toEqual([]);
    await expect(listPeers(base, 'nbp_wrong')).rejects.toMatchObject({ code: 'TENANT_AUTH_FAILED' });
    expect(await getInstance(base)).toEqual({ setup_required: false });
  });

  it('wrote the tenant files, secrets owner-only', () => {
    const dir = path.join(DATA_ROOT, subA);
    expect(fs.readdirSync(dir).sort()).toEqual(['Caddyfile', 'dashboard.env', 'data', 'docker-compose.yml', 'management.json', 'relay.env']);
    expect(fs.statSync(path.join(dir, 'management.json')).mode & 0o077).toBe(0);
    expect(fs.existsSync(path.join(dir, 'data/management/store.db'))).toBe(true);
  });

  it('keeps B running while listing A by label only', async () => {
    expect((await listTenantContainers(engine, a.customerId)).map((c) => c.subdomain)).toEqual(Array(5).fill(subA));
  });

  it('stores the deployed images and a health snapshot', async () => {
    const row = await db().deployment.findUniqueOrThrow({ where: { customerId: a.customerId } });
    expect(row.caddyImage).toBe('netbird-msp-standin/caddy:test');
    expect(row.deployedAt).toBeInstanceOf(Date);
    expect(decryptSecret(row.encryptionKey as string)).toBe(a.template.encryptionKey);
  });

  it('removes A by label, keeping its data and leaving B (whose name A prefixes) running', async () => {
    const marker = path.join(DATA_ROOT, subA, 'data/management/marker');
    fs.writeFileSync(marker, 'keep me');
    await removeTenantStack({ id: a.customerId, subdomain: subA });
    expect(await listTenantContainers(engine, a.customerId)).toEqual([]);
    expect((await dockerClient().listNetworks({ filters: { name: [`netbird-${subA}`] } })).map((n) => n.Name)).toEqual([`netbird-${subB}`]);
    expect(fs.readFileSync(marker, 'utf8')).toBe('keep me');
    const stillB = await listTenantContainers(engine, b.customerId);
    expect(stillB.filter((c) => c.state === 'running')).toHaveLength(5);
    expect((await getInstance(tenantBaseUrl(b))).setup_required).toBe(true);
  });

  it('purges B data only when asked', async () => {
    await removeTenantStack({ id: b.customerId, subdomain: subB }, { purge: true });
    expect(await listTenantContainers(engine, b.customerId)).toEqual([]);
    expect(fs.existsSync(path.join(DATA_ROOT, subB))).toBe(false);
    expect(fs.existsSync(path.join(DATA_ROOT, subA, 'data/management/store.db'))).toBe(true);
  });
});
