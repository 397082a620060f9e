import { RUN_ID, TMP, prepareStackTest, removeTmp } from './harness';
import path from 'node:path';
import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SYSTEM_ACTOR } from '../../lib/auth/actor';
import { decryptSecret } from '../../lib/crypto';
import { db } from '../../lib/db';
import { dockerClient } from '../../lib/docker/client';
import { engineFor, localEngine, type Engine } from '../../lib/docker/engine';
import { listTenantContainers } from '../../lib/docker/list-containers';
import { ensureTenantOwner } from '../../lib/jobs/owner-setup';
import { ensureProxyForTenant } from '../../lib/jobs/proxy-step';
import { loadJobView } from '../../lib/jobs/job-view';
import { waitForJob } from '../../lib/jobs/runner';
import { deployStack } from '../../lib/netbird/deploy-stack';
import { removeTenantStackOn } from '../../lib/netbird/remove-stack';
import { getSettings, storeSettings } from '../../lib/settings/store';
import { startFakeNpm, type FakeNpm } from '../fakes/fake-npm';
import { ensureTestHost, type TestHost } from '../helpers/test-host';
import { removeByCustomer } from './docker-helpers';

// Capturing what the move must keep (the encryption key) can fail like any database read: the
// test makes it fail on demand, the rest of the move is the real one.
const capture = vi.hoisted(() => ({ fail: false }));
vi.mock('../../lib/moves/verify-move', async (original) => {
  const real = await original<typeof import('../../lib/moves/verify-move')>();
  return {
    ...real,
    captureBeforeMove: (...args: Parameters<typeof real.captureBeforeMove>) => (capture.fail ? Promise.reject(new Error('capture failed on purpose')) : real.captureBeforeMove(...args)),
  };
});

/**
 * Moving a tenant between two real engines (the appliance's own and the test host over TLS):
 * a target that never gets healthy leaves the tenant running on its source with its data and
 * nothing on the target; a healthy move carries the management data (a marker file) and the
 * encryption key there and back, NPM's forward target follows, the source is left empty and the
 * downtime is recorded.
 */
const local = localEngine();
const proxyNetwork = `netbird-msp-test-${RUN_ID}`;
// A management image that exists on both hosts under one tag, but on the test host is the signal stand-in: it never answers NetBird's API there.
const SPLIT_IMAGE = `netbird-msp-standin/management:mv-split${RUN_ID}`;
// A backup, prepare, copy, a health wait and the way back: seconds on a quiet machine, minutes on a loaded one.
const MOVE_TIMEOUT_MS = 300_000;
/** The failing move's health wait (setting health_timeout_seconds): the target never gets healthy, so the move waits all of it. */
const FAILING_HEALTH_SECONDS = 30;
const ids: string[] = [];
const subs: string[] = [];
let npm: FakeNpm;
let th: TestHost;
let hostId: string;
let remote: Engine;

async function deployedCustomer(prefix: string): Promise<string> {
  const subdomain = `mv-${prefix}${RUN_ID}`;
  const c = await db().customer.create({ data: { name: subdomain, subdomain, email: `owner@${subdomain}.example`, maxDevices: 5 } });
  ids.push(c.id);
  subs.push(subdomain);
  const { spec } = await deployStack(c.id, { healthTimeoutMs: 60_000 });
  await ensureTenantOwner(spec, c, await getSettings());
  await ensureProxyForTenant(spec, await getSettings());
  await db().customer.update({ where: { id: c.id }, data: { status: 'active' } });
  return c.id;
}

async function managementId(engine: Engine, id: string): Promise<string> {
  const found = (await listTenantContainers(engine, id)).find((c) => c.service === 'management');
  if (!found) throw new Error(`no management container on ${engine.id}`);
  return found.id;
}

async function writeMarker(engine: Engine, id: string, text: string): Promise<void> {
  const pack = tar.pack();
  pack.entry({ name: 'marker', mode: 0o644 }, text);
  pack.finalize();
  await engine.docker().getContainer(await managementId(engine, id)).putArchive(pack, { path: '/var/lib/netbird' });
}

/** One file's text, read through the archive API of the tenant's management container on `engine`. */
async function readFile(engine: Engine, id: string, file: string): Promise<string> {
  const stream = (await engine.docker().getContainer(await managementId(engine, id)).getArchive({ path: file })) as unknown as Readable;
  const extract = tar.extract();
  let text = '';
  await new Promise<void>((resolve, reject) => {
    extract.on('entry', (_h, entry, next) => {
      entry.on('data', (c: Buffer) => (text += c.toString('utf8')));
      entry.on('end', next);
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
    stream.pipe(extract);
  });
  return text;
}

async function running(engine: Engine, id: string): Promise<string[]> {
  return (await listTenantContainers(engine, id)).filter((c) => c.state === 'running').map((c) => c.service).sort();
}

async function move(id: string, to: string) {
  const { requestMove } = await import('../../lib/moves/request-move');
  const { job } = await requestMove(SYSTEM_ACTOR, id, { host_id: to });
  await waitForJob(job.id, MOVE_TIMEOUT_MS);
  const view = await loadJobView(job.id);
  const row = await db().tenantMove.findUniqueOrThrow({ where: { jobId: job.id } });
  return { view, row, steps: Object.fromEntries((view?.steps ?? []).map((s) => [s.name, s.state])) };
}

function proxyHostOf(id: string) {
  const sub = subs[ids.indexOf(id)];
  return npm.state.liveHosts().find((h) => h.domain_names.includes(`${sub}.msp.example.com`));
}

beforeAll(async () => {
  npm = await startFakeNpm({ email: 'automation@msp.example.com', password: 'npm-automation-secret' });
  [th] = await Promise.all([ensureTestHost(), prepareStackTest(proxyNetwork)]);
  await storeSettings({ base_domain: 'msp.example.com', npm_api_url: npm.url, npm_api_email: 'automation@msp.example.com', npm_api_password: 'npm-automation-secret', ssl_mode: 'none' });
  const { writeBackupSettings, ensureRepositoryPassword } = await import('../../lib/backups/backup-settings');
  await writeBackupSettings({ repository_type: 'local', local_path: path.join(TMP, 'backups') });
  await ensureRepositoryPassword();
  const { createHost } = await import('../../lib/hosts/manage-hosts');
  const { testHostConnection } = await import('../../lib/hosts/test-host-connection');
  hostId = (await createHost(SYSTEM_ACTOR, { name: `mv-th-${RUN_ID}`, endpoint: th.tcp, tls_ca: th.ca, tls_cert: th.cert, tls_key: th.key, public_address: th.address, tenant_root: path.join(TMP, 'th-tenants') })).id;
  const probe = await testHostConnection(hostId);
  if (!probe.ok) throw new Error(`test host unreachable: ${probe.error}`);
  remote = engineFor(hostId);
  await dockerClient().getImage('netbird-msp-standin/management:test').tag({ repo: 'netbird-msp-standin/management', tag: `mv-split${RUN_ID}` });
  await remote.docker().getImage('netbird-msp-standin/signal:test').tag({ repo: 'netbird-msp-standin/management', tag: `mv-split${RUN_ID}` });
}, 480_000);

afterAll(async () => {
  for (const [i, id] of ids.entries()) await removeTenantStackOn(remote, { id, subdomain: subs[i] }).catch(() => undefined);
  await remote?.docker().getNetwork(proxyNetwork).remove().catch(() => undefined);
  await remote?.docker().getImage(SPLIT_IMAGE).remove().catch(() => undefined);
  await removeByCustomer(ids, [...subs.map((s) => `netbird-${s}`), proxyNetwork]);
  await dockerClient().getImage(SPLIT_IMAGE).remove().catch(() => undefined);
  await npm?.stop();
  removeTmp();
});

describe('a move that fails', () => {
  it('leaves the tenant running on its source with its data, the proxy unchanged and nothing on the target', async () => {
    const { health_timeout_seconds: healthBefore } = await getSettings();
    await storeSettings({ netbird_management_image: SPLIT_IMAGE, health_timeout_seconds: FAILING_HEALTH_SECONDS });
    let id: string;
    try {
      id = await deployedCustomer('fail');
      await writeMarker(local, id, 'data of fail');
      const before = await db().deployment.findUniqueOrThrow({ where: { customerId: id } });
      const forward = proxyHostOf(id);
      const { view, row, steps } = await move(id, hostId);
      expect(view?.state).toBe('failed');
      // The target's management never answers NetBird's API: the health wait is what fails.
      expect(view?.error).toMatch(/^Move failed and was undone: .*(healthy|crashing)/i);
      // The wait the operator set, not a built-in one.
      expect(view?.error).toMatch(new RegExp(`Not healthy after ${FAILING_HEALTH_SECONDS} s|keep crashing`));
      expect(steps).toMatchObject({ check: 'succeeded', backup: 'succeeded', prepare: 'succeeded', cutover: 'succeeded', copy: 'succeeded', start: 'failed', rollback: 'succeeded', record: 'skipped' });
      expect(row.state).toBe('failed');
      // Stopped at the cut-over and started again on the source: that time is measured too.
      expect(row.downtimeMs).toBeGreaterThan(0);
      const after = await db().deployment.findUniqueOrThrow({ where: { customerId: id } });
      expect([after.hostId, after.dashboardPort, after.relayPort, after.encryptionKey]).toEqual(['local', before.dashboardPort, before.relayPort, before.encryptionKey]);
      expect(await running(local, id)).toEqual(['caddy', 'dashboard', 'management', 'relay', 'signal']);
      expect(await readFile(local, id, '/var/lib/netbird/marker')).toBe('data of fail');
      expect(await listTenantContainers(remote, id)).toEqual([]);
      const nets = await remote.docker().listNetworks({ filters: { name: [`netbird-${subs[ids.indexOf(id)]}`] } });
      expect(nets).toEqual([]);
      expect(proxyHostOf(id)?.forward_host).toBe(forward?.forward_host);
      expect(proxyHostOf(id)?.forward_port).toBe(before.dashboardPort);
      expect((await db().customer.findUniqueOrThrow({ where: { id } })).status).not.toBe('error');
    } finally {
      await storeSettings({ netbird_management_image: 'netbird-msp-standin/management:test', health_timeout_seconds: healthBefore });
    }
    // A deploy, then the move's full health wait (FAILING_HEALTH_SECONDS) before its rollback.
  }, 2 * MOVE_TIMEOUT_MS);
});

describe('a tenant moved to the test host and back', () => {
  let id = '';

  it('is left untouched, running on its source, when capturing its keys before the move fails', async () => {
    id = await deployedCustomer('ok');
    await writeMarker(local, id, 'data of ok');
    capture.fail = true;
    try {
      const { view, row, steps } = await move(id, hostId);
      expect(view?.state).toBe('failed');
      expect(view?.error).toMatch(/capture failed on purpose/);
      expect(steps).toMatchObject({ check: 'succeeded' });
      expect(steps.backup).not.toBe('succeeded');
      expect([row.state, row.downtimeMs]).toEqual(['failed', null]);
    } finally {
      capture.fail = false;
    }
    expect((await db().customer.findUniqueOrThrow({ where: { id } })).status).toBe('active');
    expect(await running(local, id)).toEqual(['caddy', 'dashboard', 'management', 'relay', 'signal']);
    expect(await listTenantContainers(remote, id)).toEqual([]);
  }, MOVE_TIMEOUT_MS);

  it('keeps its data and key both ways; NPM follows; the source is left empty; the downtime is recorded', async () => {
    const before = await db().deployment.findUniqueOrThrow({ where: { customerId: id } });
    const key = decryptSecret(before.encryptionKey as string);

    const there = await move(id, hostId);
    expect(there.view?.error ?? null).toBeNull();
    expect(there.view?.state).toBe('succeeded');
    expect(there.steps).toMatchObject({ verify: 'succeeded', record: 'succeeded', cleanup: 'succeeded', rollback: 'skipped' });
    expect(there.row.downtimeMs).toBeGreaterThan(0);
    const onRemote = await db().deployment.findUniqueOrThrow({ where: { customerId: id } });
    expect(onRemote.hostId).toBe(hostId);
    expect([onRemote.dashboardPort, onRemote.relayPort]).toEqual([there.row.toDashboardPort, there.row.toRelayPort]);
    expect(await running(remote, id)).toEqual(['caddy', 'dashboard', 'management', 'relay', 'signal']);
    expect(await readFile(remote, id, '/var/lib/netbird/marker')).toBe('data of ok');
    expect(await readFile(remote, id, '/etc/netbird/management.json')).toContain(key);
    expect(await listTenantContainers(local, id)).toEqual([]);
    expect(proxyHostOf(id)).toMatchObject({ forward_host: th.address, forward_port: onRemote.dashboardPort });

    // A second record of the same engine: a move there would prepare the "target" over the running tenant.
    const { createHost } = await import('../../lib/hosts/manage-hosts');
    const { requestMove } = await import('../../lib/moves/request-move');
    const twin = await createHost(SYSTEM_ACTOR, { name: `mv-twin-${RUN_ID}`, endpoint: th.tcp, tls_ca: th.ca, tls_cert: th.cert, tls_key: th.key, public_address: th.address, tenant_root: path.join(TMP, 'th-tenants') });
    const refused = requestMove(SYSTEM_ACTOR, id, { host_id: twin.id });
    await expect(refused).rejects.toMatchObject({ code: 'MOVE_SAME_ENGINE', status: 409 });
    await expect(refused).rejects.toThrow(new RegExp(`"mv-th-${RUN_ID}" and "mv-twin-${RUN_ID}" reach the same Docker Engine`));
    // The preparation refuses on its own too (a check that could not ask the engines must not be the only guard).
    const { prepareTarget, targetSpec } = await import('../../lib/moves/move-target');
    const twinSpec = await targetSpec(id, twin.id, { dashboardPort: onRemote.dashboardPort + 1, relayPort: onRemote.relayPort + 1 }, 'mv-twin-probe');
    await expect(prepareTarget(engineFor(twin.id), twinSpec, 'mv-twin-probe')).rejects.toMatchObject({ code: 'MOVE_SAME_ENGINE' });
    expect(await running(remote, id)).toEqual(['caddy', 'dashboard', 'management', 'relay', 'signal']);
    expect(await readFile(remote, id, '/var/lib/netbird/marker')).toBe('data of ok');
    expect(await db().tenantMove.count({ where: { toHostId: twin.id } })).toBe(0);

    const back = await move(id, 'local');
    expect(back.view?.error ?? null).toBeNull();
    expect(back.row.downtimeMs).toBeGreaterThan(0);
    const home = await db().deployment.findUniqueOrThrow({ where: { customerId: id } });
    expect(home.hostId).toBe('local');
    expect(home.encryptionKey).toBe(before.encryptionKey);
    expect(await running(local, id)).toEqual(['caddy', 'dashboard', 'management', 'relay', 'signal']);
    expect(await readFile(local, id, '/var/lib/netbird/marker')).toBe('data of ok');
    expect(await readFile(local, id, '/etc/netbird/management.json')).toContain(key);
    expect(await listTenantContainers(remote, id)).toEqual([]);
    expect(proxyHostOf(id)).toMatchObject({ forward_host: '127.0.0.1', forward_port: home.dashboardPort });
    const moves = await db().tenantMove.findMany({ where: { customerId: id }, orderBy: { createdAt: 'asc' } });
    expect(moves.map((m) => [m.fromHostId, m.toHostId, m.state])).toEqual([['local', hostId, 'failed'], ['local', hostId, 'succeeded'], [hostId, 'local', 'succeeded']]);
  }, 2 * MOVE_TIMEOUT_MS);
});
