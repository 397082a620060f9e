import { DATA_ROOT, RUN_ID, prepareStackTest, removeTmp } from './harness';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptSecret } from '../../lib/crypto';
import { db } from '../../lib/db';
import { dockerClient } from '../../lib/docker/client';
import { localEngine } from '../../lib/docker/engine';
import { listTenantContainers } from '../../lib/docker/list-containers';
import { getCustomer } from '../../lib/customers/read-customers';
import { gatherInsight } from '../../lib/insight/gather-insight';
import { insightIdle } from '../../lib/insight/scheduler';
import { setNetbirdToken } from '../../lib/insight/set-netbird-token';
import { SYSTEM_ACTOR } from '../../lib/auth/actor';
import { SERVICE_USER_NAME, storedServiceToken } from '../../lib/insight/service-token';
import { ensureTenantOwner } from '../../lib/jobs/owner-setup';
import { deployStack } from '../../lib/netbird/deploy-stack';
import { deleteToken, listUsers } from '../../lib/netbird/insight-client';
import { listPeers } from '../../lib/netbird/tenant-client';
import { getSettings, storeSettings } from '../../lib/settings/store';
import { removeByCustomer } from './docker-helpers';

/**
 * The NetBird insight against real stacks of the stand-ins (both layouts answer NetBird's API
 * shapes and refuse unknown, deleted or expired tokens): the service user and its token after
 * owner setup, figures from the API, rotation before expiry (the old token refused afterwards),
 * a failed rotation told and survived, a revoked token replaced, and an unreachable tenant shown
 * stale with its reason while its last figures stay.
 */
const engine = localEngine();
const proxyNetwork = `netbird-msp-test-${RUN_ID}`;
const ids: string[] = [];
const subs: string[] = [];
const tenants: Record<'classic' | 'combined', string> = { classic: '', combined: '' };

async function deployTenant(prefix: string, layout: 'classic' | 'combined'): Promise<string> {
  const subdomain = `${prefix}${RUN_ID}`;
  const c = await db().customer.create({ data: { name: subdomain, subdomain, email: `owner@${subdomain}.example`, maxDevices: 5, layout, status: 'active' } });
  ids.push(c.id);
  subs.push(subdomain);
  const { spec } = await deployStack(c.id, { healthTimeoutMs: 60_000 });
  await ensureTenantOwner(spec, c, await getSettings());
  return c.id;
}

function dataDir(id: string): string {
  return path.join(DATA_ROOT, subs[ids.indexOf(id)], 'data', 'management');
}

const peer = (n: number, connected: boolean, version: string) => ({ id: `p${n}`, name: `peer-${n}`, connected, last_seen: `2026-11-29T1${n}:00:00Z`, os: 'linux', version });

function writeState(id: string, peers: unknown[], setupKeys: unknown[] = [], available?: string): void {
  fs.writeFileSync(path.join(dataDir(id), 'standin-peers.json'), JSON.stringify(peers));
  fs.writeFileSync(path.join(dataDir(id), 'standin-setup-keys.json'), JSON.stringify(setupKeys));
  if (available) fs.writeFileSync(path.join(dataDir(id), 'standin-available-version'), available);
  else fs.rmSync(path.join(dataDir(id), 'standin-available-version'), { force: true });
}

async function openEvent(kind: string, id: string) {
  return db().notificationEvent.findFirst({ where: { dedupeKey: `${kind}:${id}`, state: 'open' } });
}

beforeAll(async () => {
  await prepareStackTest(proxyNetwork);
  await storeSettings({ base_domain: 'msp.example.com', netbird_server_image: 'netbird-msp-standin/netbird-server:0.77.1' });
  // One after the other: two deploys at once would race for the same free ports.
  tenants.classic = await deployTenant('in-cl', 'classic');
  tenants.combined = await deployTenant('in-co', 'combined');
}, 300_000);

afterAll(async () => {
  await removeByCustomer(ids, [...subs.map((s) => `netbird-${s}`), proxyNetwork]);
  removeTmp();
});

describe('the service user and its token', () => {
  it.each(['classic', 'combined'] as const)('%s: owner setup leaves a service user msp-appliance (admin) with a token of about 180 days, separate from the owner', async (layout) => {
    const id = tenants[layout];
    const d = await db().deployment.findUniqueOrThrow({ where: { customerId: id } });
    expect(d.ownerToken).not.toBeNull();
    const t = await storedServiceToken(id);
    expect(t).not.toBeNull();
    expect(t?.token).not.toBe(decryptSecret(d.ownerToken as string));
    const days = ((t?.expiresAt.getTime() ?? 0) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(178);
    expect(days).toBeLessThanOrEqual(180);
    const service = await listUsers(t!.base, t!.token, true);
    expect(service.map((u) => [u.name, u.role, u.is_service_user])).toEqual([[SERVICE_USER_NAME, 'admin', true]]);
  });
});

describe('figures from the tenant API', () => {
  it('peers, connected, client versions, last seen, users, setup keys, management version and an update appear', async () => {
    const id = tenants.classic;
    writeState(id, [peer(1, true, '0.60.1'), peer(2, true, '0.60.1'), peer(3, false, '0.59.0')], [{ id: 'k1', name: 'default', valid: true, revoked: false, state: 'valid' }, { id: 'k2', name: 'old', valid: false, revoked: true, state: 'revoked' }], '0.78.0');
    expect(await gatherInsight(id)).toMatchObject({ ok: true });
    const view = (await getCustomer(id)).netbird;
    expect(view).toMatchObject({
      peers_total: 3, peers_connected: 2, over_max_devices: false, last_seen_at: '2026-11-29T13:00:00.000Z',
      client_versions: [{ version: '0.60.1', peers: 2 }, { version: '0.59.0', peers: 1 }],
      users: 1, service_users: 1, setup_keys: 2, setup_keys_valid: 1,
      management_version: '0.77.1', update_available: true, available_version: '0.78.0', stale: null,
    });
    expect((await db().customer.findUniqueOrThrow({ where: { id } })).peersConnected).toBe(2);
  });

  it('the combined server answers the same; more peers than max_devices are flagged and told, and the event resolves below it', async () => {
    const id = tenants.combined;
    writeState(id, [1, 2, 3, 4, 5, 6].map((n) => peer(n, n % 2 === 0, '0.61.0')));
    expect(await gatherInsight(id)).toMatchObject({ ok: true });
    expect((await getCustomer(id)).netbird).toMatchObject({ peers_total: 6, peers_connected: 3, over_max_devices: true, update_available: false });
    expect(await openEvent('tenant.over_devices', id)).not.toBeNull();
    writeState(id, [peer(1, true, '0.61.0')]);
    expect(await gatherInsight(id)).toMatchObject({ ok: true });
    expect((await getCustomer(id)).netbird.over_max_devices).toBe(false);
    expect(await openEvent('tenant.over_devices', id)).toBeNull();
  });
});

describe('token rotation', () => {
  it('a rotation that fails near expiry is recorded and told; the old token keeps serving', async () => {
    const id = tenants.classic;
    const before = await db().deployment.findUniqueOrThrow({ where: { customerId: id } });
    // NetBird refuses to create a token for a user it does not know: the rotation cannot succeed.
    await db().deployment.update({ where: { customerId: id }, data: { insightUserId: 'no-such-user', insightTokenExpiresAt: new Date(Date.now() + 10 * 86_400_000) } });
    const result = await gatherInsight(id);
    expect(result).toMatchObject({ ok: true, tokenChanged: null });
    expect((await getCustomer(id)).netbird.token.error).toMatch(/Rotating the NetBird API token failed/);
    expect(await openEvent('netbird.token_expiring', id)).not.toBeNull();
    expect((await db().deployment.findUniqueOrThrow({ where: { customerId: id } })).insightToken).toBe(before.insightToken);
    await db().deployment.update({ where: { customerId: id }, data: { insightUserId: before.insightUserId } });
  });

  it('a token with fewer than 30 days left is replaced: the new one works, the old one is refused, the event resolves', async () => {
    const id = tenants.classic;
    // The appliance goes by the expiry it stored: ten days left is due for rotation.
    await db().deployment.update({ where: { customerId: id }, data: { insightTokenExpiresAt: new Date(Date.now() + 10 * 86_400_000) } });
    const old = await storedServiceToken(id);
    expect(await gatherInsight(id)).toMatchObject({ ok: true, tokenChanged: 'rotated' });
    const next = await storedServiceToken(id);
    expect(next?.tokenId).not.toBe(old?.tokenId);
    expect((next!.expiresAt.getTime() - Date.now()) / 86_400_000).toBeGreaterThan(178);
    await expect(listPeers(old!.base, old!.token)).rejects.toMatchObject({ code: 'TENANT_AUTH_FAILED' });
    expect(await listPeers(next!.base, next!.token)).toHaveLength(3);
    expect(await openEvent('netbird.token_expiring', id)).toBeNull();
    expect((await getCustomer(id)).netbird.token).toEqual({ expires_at: next!.expiresAt.toISOString(), error: null });
  });

  it('a token revoked in NetBird is replaced from the owner token on the next read', async () => {
    const id = tenants.combined;
    const t = await storedServiceToken(id);
    await deleteToken(t!.base, t!.token, t!.userId, t!.tokenId);
    await expect(listPeers(t!.base, t!.token)).rejects.toMatchObject({ code: 'TENANT_AUTH_FAILED' });
    expect(await gatherInsight(id)).toMatchObject({ ok: true, tokenChanged: 'created' });
    const next = await storedServiceToken(id);
    expect(next?.tokenId).not.toBe(t?.tokenId);
    expect(next?.userId).toBe(t?.userId);
  });
});

describe('an unreachable tenant', () => {
  it('keeps its last figures, marked stale with the reason and since when', async () => {
    const id = tenants.combined;
    const before = (await getCustomer(id)).netbird;
    const caddy = (await listTenantContainers(engine, id)).find((c) => c.service === 'caddy');
    await dockerClient().getContainer(caddy!.id).stop({ t: 1 });
    const result = await gatherInsight(id);
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/not reachable/);
    const view = (await getCustomer(id)).netbird;
    expect(view.stale?.reason).toMatch(/not reachable/);
    expect(view.stale?.since).not.toBeNull();
    expect([view.peers_total, view.peers_connected, view.gathered_at]).toEqual([before.peers_total, before.peers_connected, before.gathered_at]);
    // A second failure keeps the first "since".
    await gatherInsight(id);
    expect((await getCustomer(id)).netbird.stale?.since).toBe(view.stale?.since);
  });
});

describe('a tenant whose owner the customer set up: a pasted token', () => {
  let owner = '';

  it('is refused (422 on token) when NetBird refuses it, and 502 while the tenant is unreachable; nothing is stored', async () => {
    const id = tenants.classic;
    owner = decryptSecret((await db().deployment.findUniqueOrThrow({ where: { customerId: id } })).ownerToken as string);
    // As after the customer's own setup through the setup URL: the appliance holds no token at all.
    await db().deployment.update({ where: { customerId: id }, data: { ownerToken: null, insightToken: null, insightTokenId: null, insightTokenExpiresAt: null, insightUserId: null } });
    const refused = await setNetbirdToken(SYSTEM_ACTOR, id, { token: `nbp_${'x'.repeat(36)}` }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ path: 'token', code: 'token_refused' }] } });
    expect(await db().deployment.findUniqueOrThrow({ where: { customerId: id }, select: { ownerToken: true, insightToken: true } })).toEqual({ ownerToken: null, insightToken: null });
    // The combined tenant's Caddy was stopped above: its API cannot be asked, and its stored token stays.
    const combinedBefore = (await db().deployment.findUniqueOrThrow({ where: { customerId: tenants.combined } })).ownerToken;
    const unreachable = await setNetbirdToken(SYSTEM_ACTOR, tenants.combined, { token: owner }).catch((e: unknown) => e);
    expect(unreachable).toMatchObject({ code: 'TENANT_UNREACHABLE' });
    expect((await db().deployment.findUniqueOrThrow({ where: { customerId: tenants.combined } })).ownerToken).toBe(combinedBefore);
    expect(await storedServiceToken(id)).toBeNull();
  });

  it('is stored sealed once NetBird accepts it; the service user gets its token from it and the figures are gathered', async () => {
    const id = tenants.classic;
    const before = (await getCustomer(id)).netbird.gathered_at;
    expect(await setNetbirdToken(SYSTEM_ACTOR, id, { token: owner })).toEqual({ stored: true });
    const sealed = (await db().deployment.findUniqueOrThrow({ where: { customerId: id } })).ownerToken as string;
    expect(sealed).not.toContain(owner);
    expect(decryptSecret(sealed)).toBe(owner);
    // The gather queued by the call, not one of the test's own.
    await insightIdle();
    const t = await storedServiceToken(id);
    expect(t).not.toBeNull();
    expect(t?.token).not.toBe(owner);
    // The service user msp-appliance made at the first owner setup is reused, not doubled.
    expect((await listUsers(t!.base, t!.token, true)).map((u) => u.name)).toEqual([SERVICE_USER_NAME]);
    const view = (await getCustomer(id)).netbird;
    expect(view).toMatchObject({ peers_total: 3, stale: null });
    expect(view.gathered_at).not.toBe(before);
    expect(view.token.expires_at).toBe(t!.expiresAt.toISOString());
  });
});
