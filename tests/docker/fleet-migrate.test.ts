import { RUN_ID, TMP, prepareStackTest, removeTmp, standinImageSettings } from './harness';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../lib/auth/actor';
import { db } from '../../lib/db';
import { localEngine } from '../../lib/docker/engine';
import { listAllTenantContainers } from '../../lib/docker/list-containers';
import { encryptSecret } from '../../lib/crypto';
import { createPlan, type DryRun } from '../../lib/fleet/create-plan';
import { connectedPeers } from '../../lib/fleet/health-gate';
import { setupOwner } from '../../lib/netbird/tenant-client';
import { planSchema } from '../../lib/fleet/plan-schema';
import { readPlan, type PlanView } from '../../lib/fleet/plan-view';
import { planLoopDone } from '../../lib/fleet/run-plan';
import { refreshSnapshot } from '../../lib/status/snapshot';
import { removeByCustomer } from './docker-helpers';
import { buildImageVariant, deployFleet, managementDataDir, readMarker, readSchema } from './fleet-fixture';

/**
 * Bulk layout migration through the fleet waves, on the real engine with stand-ins: four
 * classic tenants, the third made to fail on the combined server. Selection by host and label
 * is checked on the same tenants (dry runs: nothing changes). Then the two migrated tenants and a
 * classic one are upgraded in one plan, each with its own layout's images.
 */
const proxyNetwork = `netbird-msp-test-${RUN_ID}`;
const tenants: { id: string; sub: string }[] = [];
const LABEL = `ring-${RUN_ID}`;
const PLAN_TEST_MS = 600_000;
/**
 * Stand-ins under a tag of this file's own: the failing tenant and the combined upgrade rely on the
 * combined server stand-in built from this tree (older trees build `flmig` without store schemas).
 */
const TAG = 'flmig2';
const BASE = standinImageSettings(TAG);
/** Newer "versions": the combined server migrating stores to schema 2 (and one that dies on a marked store), management likewise. */
const SERVER_BAD = `netbird-msp-standin/netbird-server:${TAG}-bad`;
const MANAGEMENT_GOOD = `netbird-msp-standin/management:${TAG}-good`;

async function waitForPlan(id: string, timeoutMs = 540_000): Promise<PlanView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const plan = await readPlan(id);
    if (['succeeded', 'stopped', 'aborted', 'paused'].includes(plan.state)) return plan;
    if (Date.now() > deadline) throw new Error(`plan ${id} still ${plan.state}: ${JSON.stringify(plan.counts)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function servicesOf(customerId: string): Promise<{ ids: string[]; running: string[] }> {
  const list = (await listAllTenantContainers(localEngine())).get(customerId) ?? [];
  return { ids: list.map((c) => c.id).sort(), running: list.filter((c) => c.state === 'running').map((c) => c.service).sort() };
}

const ours = () => tenants.map((t) => t.id);

beforeAll(async () => {
  await prepareStackTest(proxyNetwork, TAG);
  const { writeBackupSettings } = await import('../../lib/backups/backup-settings');
  await writeBackupSettings({ repository_type: 'local', local_path: path.join(TMP, 'repo') });
  await Promise.all([
    deployFleet(4, tenants, `fl-m${RUN_ID}`),
    buildImageVariant(SERVER_BAD, BASE.netbird_server_image, ['NB_STANDIN_SCHEMA=2', 'NB_STANDIN_FAIL_MIGRATION=1']),
    buildImageVariant(MANAGEMENT_GOOD, BASE.netbird_management_image, ['NB_STANDIN_SCHEMA=2']),
  ]);
  await refreshSnapshot();
}, 600_000);

afterAll(async () => {
  const live = await db().upgradePlan.findMany({ where: { state: { in: ['running', 'paused'] } }, select: { id: true } });
  await db().upgradePlan.updateMany({ where: { id: { in: live.map((p) => p.id) } }, data: { state: 'aborted' } });
  for (const p of live) await planLoopDone(p.id, 300_000);
  await removeByCustomer(ours(), [...tenants.map((t) => `netbird-${t.sub}`), proxyNetwork]);
  // Only this file's tag; another run of this file at the same time would rebuild it.
  await new Promise((resolve) => execFile('docker', ['rmi', SERVER_BAD, MANAGEMENT_GOOD, ...Object.values(BASE)], () => resolve(undefined)));
  removeTmp();
});

describe('selecting tenants by host and host label', () => {
  it('refuses an unknown host, a label no host carries, an empty list and a migration with images, naming the field', async () => {
    const refused = async (input: Record<string, unknown>) => createPlan(SYSTEM_ACTOR, planSchema.parse({ ...input, dry_run: true })).catch((e: unknown) => e);
    expect(await refused({ host_ids: ['no-such-host'] })).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ path: 'host_ids' }] } });
    expect(await refused({ host_labels: [`${LABEL}-none`] })).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ path: 'host_labels' }] } });
    expect(planSchema.safeParse({ customer_ids: [] }).error?.issues.map((i) => i.path.join('.'))).toEqual(['customer_ids']);
    expect(planSchema.safeParse({ kind: 'migrate', images: { management: 'a', signal: 'a', relay: 'a', dashboard: 'a', caddy: 'a' } }).error?.issues.map((i) => i.path.join('.'))).toEqual(['images']);
    expect(await db().upgradePlan.count()).toBe(0);
  });

  it('takes the tenants on a labelled host, and none when the label is on another host', async () => {
    await db().host.update({ where: { id: 'local' }, data: { labels: JSON.stringify([LABEL]) } });
    await db().host.create({ data: { id: `h${RUN_ID}`, name: `other-${RUN_ID}`, endpoint: 'tcp://10.250.0.2:2376', labels: JSON.stringify([`${LABEL}-b`]) } });
    try {
      const byLabel = (await createPlan(SYSTEM_ACTOR, planSchema.parse({ kind: 'migrate', host_labels: [LABEL], subdomain_prefix: `fl-m${RUN_ID}`, canary: 1, wave_size: 2, dry_run: true }))) as DryRun;
      expect(byLabel.kind).toBe('migrate');
      expect(byLabel.waves.map((w) => w.tenants.map((t) => t.subdomain))).toEqual([[tenants[0].sub], [tenants[1].sub, tenants[2].sub], [tenants[3].sub]]);
      expect(byLabel.waves.flatMap((w) => w.tenants).every((t) => t.host_id === 'local')).toBe(true);
      const byHost = (await createPlan(SYSTEM_ACTOR, planSchema.parse({ kind: 'migrate', host_ids: ['local'], subdomain_prefix: `fl-m${RUN_ID}`, dry_run: true }))) as DryRun;
      expect(byHost.waves.flatMap((w) => w.tenants.map((t) => t.subdomain)).sort()).toEqual(tenants.map((t) => t.sub).sort());
      const elsewhere = (await createPlan(SYSTEM_ACTOR, planSchema.parse({ kind: 'migrate', host_labels: [`${LABEL}-b`], dry_run: true }))) as DryRun;
      expect(elsewhere.waves).toEqual([]);
      // Not a dry run: the empty selection is refused naming the filter, and nothing is written.
      const empty = await createPlan(SYSTEM_ACTOR, planSchema.parse({ kind: 'migrate', host_labels: [`${LABEL}-b`] })).catch((e: unknown) => e);
      expect(empty).toMatchObject({ code: 'UPGRADE_PLAN_EMPTY', details: { fields: [{ path: 'host_labels' }] } });
      expect(await db().upgradePlan.count()).toBe(0);
    } finally {
      await db().host.delete({ where: { id: `h${RUN_ID}` } });
      await db().host.update({ where: { id: 'local' }, data: { labels: '[]' } });
    }
  });
});

describe('bulk layout migration through the waves', () => {
  it('moves tenants to the combined layout wave by wave; one that fails stays classic with its data and the plan stops at its budget', async () => {
    const [first, second, doomed, last] = tenants;
    fs.writeFileSync(path.join(managementDataDir(doomed.sub), 'standin-refuse-combined'), '');
    const before = new Map(await Promise.all(tenants.map(async (t) => [t.id, await servicesOf(t.id)] as const)));
    // parallel = wave size: both tenants of wave 1 start together, whatever the timing.
    const input = planSchema.parse({ kind: 'migrate', customer_ids: ours(), canary: 1, wave_size: 2, parallel: 2, soak_seconds: 0, failure_budget: 1 });
    const created = (await createPlan(SYSTEM_ACTOR, input)) as PlanView;
    expect(created.kind).toBe('migrate');
    // One plan at a time: a second one is refused while this one runs.
    await expect(createPlan(SYSTEM_ACTOR, input)).rejects.toMatchObject({ code: 'UPGRADE_PLAN_STATE' });
    const plan = await waitForPlan(created.id);

    expect(plan.state).toBe('stopped');
    expect(plan.state_reason).toMatch(/budget/i);
    const row = (id: string) => plan.waves.flatMap((w) => w.tenants).find((t) => t.customer_id === id);
    for (const t of [first, second]) {
      expect(row(t.id)?.state).toBe('succeeded');
      expect((await db().customer.findUniqueOrThrow({ where: { id: t.id } })).layout).toBe('combined');
      expect((await servicesOf(t.id)).running).toEqual(['caddy', 'dashboard', 'server']);
      expect(readMarker(t.sub)).toBe(`data of ${t.sub}\n`);
    }
    const failed = row(doomed.id);
    expect(failed?.state).toBe('rolled_back');
    expect(failed?.reason).toMatch(/Migration failed and was undone/);
    expect(failed?.rollback_ms).toBeGreaterThan(0);
    const customer = await db().customer.findUniqueOrThrow({ where: { id: doomed.id } });
    expect([customer.layout, customer.status]).toEqual(['classic', 'active']);
    expect((await servicesOf(doomed.id)).running).toEqual(['caddy', 'dashboard', 'management', 'relay', 'signal']);
    expect(readMarker(doomed.sub)).toBe(`data of ${doomed.sub}\n`);
    const job = await db().job.findUniqueOrThrow({ where: { id: failed?.job_id as string }, include: { steps: true } });
    expect(job.kind).toBe('migrate');
    expect(job.state).toBe('failed');
    expect(job.steps.find((s) => s.name === 'rollback')?.state).toBe('succeeded');
    // The wave after the budget was reached is untouched.
    expect(row(last.id)?.state).toBe('skipped');
    expect((await servicesOf(last.id)).ids).toEqual(before.get(last.id)?.ids);
    expect((await db().customer.findUniqueOrThrow({ where: { id: last.id } })).layout).toBe('classic');
    expect(await db().auditEvent.count({ where: { action: 'customer.migrate' } })).toBe(3);
  }, PLAN_TEST_MS);
});

describe('upgrading combined and classic tenants', () => {
  const classicImages = { management: BASE.netbird_management_image, signal: BASE.netbird_signal_image, relay: BASE.netbird_relay_image, dashboard: BASE.netbird_dashboard_image, caddy: BASE.caddy_image };
  const imagesOf = async (customerId: string) => new Map(((await listAllTenantContainers(localEngine())).get(customerId) ?? []).map((c) => [c.service, c.image]));

  it("one plan gives each tenant its own layout's images; a bad server image rolls its combined tenant back with its data", async () => {
    const [first, second, , last] = tenants;
    await refreshSnapshot();
    const target = { ...classicImages, management: MANAGEMENT_GOOD, server: SERVER_BAD };
    const three = [first.id, second.id, last.id];
    // A target without a server image leaves the combined tenants alone; a layout filter takes one layout.
    const classicOnly = (await createPlan(SYSTEM_ACTOR, planSchema.parse({ images: { ...classicImages, management: MANAGEMENT_GOOD }, customer_ids: three, dry_run: true }))) as DryRun;
    expect(classicOnly.waves.flatMap((w) => w.tenants.map((t) => t.subdomain))).toEqual([last.sub]);
    expect(classicOnly.excluded.map((e) => `${e.subdomain}:${e.reason}`).sort()).toEqual([`${first.sub}:combined_layout`, `${second.sub}:combined_layout`]);
    const combinedOnly = (await createPlan(SYSTEM_ACTOR, planSchema.parse({ images: target, customer_ids: three, layout: 'combined', dry_run: true }))) as DryRun;
    expect(combinedOnly.waves.flatMap((w) => w.tenants.map((t) => t.subdomain)).sort()).toEqual([first.sub, second.sub].sort());
    expect(combinedOnly.waves[0].tenants[0].version).toBe(TAG);

    // The canary has an owner and four connected peers: the peer gate asks the combined server's API.
    const d = await db().deployment.findUniqueOrThrow({ where: { customerId: first.id } });
    const owner = await setupOwner(`http://127.0.0.1:${d.dashboardPort}`, { email: `o@${first.sub}.example`, password: 'owner-password-1', name: 'Owner', create_pat: true, pat_expire_in: 30 });
    await db().deployment.update({ where: { customerId: first.id }, data: { ownerToken: encryptSecret(owner.personal_access_token as string) } });
    fs.writeFileSync(path.join(managementDataDir(first.sub), 'standin-peers.json'), JSON.stringify([1, 2, 3, 4].map((i) => ({ id: `p${i}`, connected: true }))));
    // The new server cannot migrate the second tenant's store.
    fs.writeFileSync(path.join(managementDataDir(second.sub), 'standin-refuse-upgrade'), '');

    const created = (await createPlan(SYSTEM_ACTOR, planSchema.parse({ images: target, customer_ids: three, canary_ids: [first.id], wave_size: 2, parallel: 2, soak_seconds: 0, failure_budget: 2 }))) as PlanView;
    const plan = await waitForPlan(created.id);
    expect([plan.state, plan.failures]).toEqual(['succeeded', 1]);
    const row = (id: string) => plan.waves.flatMap((w) => w.tenants).find((t) => t.customer_id === id);

    expect(row(first.id)?.state).toBe('succeeded');
    expect([...(await imagesOf(first.id))].sort()).toEqual([['caddy', BASE.caddy_image], ['dashboard', BASE.netbird_dashboard_image], ['server', SERVER_BAD]]);
    expect(readSchema(first.sub)).toBe('2');
    const gate = await db().jobStep.findFirstOrThrow({ where: { jobId: row(first.id)?.job_id as string, name: 'gate' } });
    expect(gate.message).toMatch(/4 of 4 peers/);
    // Held on the server image it now runs (not the fleet default), with its own layout's images only.
    expect(JSON.parse((await db().tenantPin.findUniqueOrThrow({ where: { customerId: first.id } })).images)).toEqual({ server: SERVER_BAD, dashboard: BASE.netbird_dashboard_image, caddy: BASE.caddy_image });

    const back = row(second.id);
    expect(back?.state).toBe('rolled_back');
    expect(back?.reason).toMatch(/crash|migrating/i);
    expect((await imagesOf(second.id)).get('server')).toBe(BASE.netbird_server_image);
    // The old server refuses a store the new one migrated: it runs only because the data came back.
    expect(readSchema(second.sub)).toBe('1');
    expect(readMarker(second.sub)).toBe(`data of ${second.sub}\n`);
    expect((await servicesOf(second.id)).running).toEqual(['caddy', 'dashboard', 'server']);
    expect((await db().customer.findUniqueOrThrow({ where: { id: second.id } })).status).toBe('active');

    expect(row(last.id)?.state).toBe('succeeded');
    expect((await imagesOf(last.id)).get('management')).toBe(MANAGEMENT_GOOD);
    expect((await servicesOf(last.id)).running).toEqual(['caddy', 'dashboard', 'management', 'relay', 'signal']);
    for (const t of [first, last]) expect(readMarker(t.sub)).toBe(`data of ${t.sub}\n`);
    fs.rmSync(path.join(managementDataDir(second.sub), 'standin-refuse-upgrade'));
  }, PLAN_TEST_MS);

  it("the peer gate asks a tenant on another Docker host at that host's address, not at HOST_IP", async () => {
    // A tenant API on 127.0.0.2 only (HOST_IP is 127.0.0.1): two of three peers connected.
    const api = http.createServer((req, res) => {
      const ok = req.url === '/api/peers' && req.headers.authorization === 'Token peer-token';
      res.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' });
      res.end(ok ? JSON.stringify([{ id: 'a', connected: true }, { id: 'b', connected: true }, { id: 'c', connected: false }]) : '{}');
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.2', resolve));
    const port = (api.address() as AddressInfo).port;
    const hostId = `hp${RUN_ID}`;
    await db().host.create({ data: { id: hostId, name: `peers-${RUN_ID}`, endpoint: 'tcp://127.0.0.2:2376', forwardAddress: '127.0.0.2' } });
    const c = await db().customer.create({ data: { name: 'remote peers', subdomain: `fl-p${RUN_ID}`, email: 'p@example.com', maxDevices: 5, status: 'active' } });
    try {
      await db().deployment.create({ data: { customerId: c.id, hostId, dashboardPort: port, relayPort: port, ownerToken: encryptSecret('peer-token') } });
      expect(await connectedPeers(c.id)).toBe(2);
      // The same record on the local host is asked at HOST_IP, where nothing answers on that port.
      await db().deployment.update({ where: { customerId: c.id }, data: { hostId: 'local' } });
      expect(await connectedPeers(c.id)).toBeNull();
    } finally {
      await db().customer.delete({ where: { id: c.id } });
      await db().host.delete({ where: { id: hostId } });
      await new Promise((resolve) => api.close(resolve));
    }
  });
});
