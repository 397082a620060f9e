import { DATA_ROOT, RUN_ID, prepareStackTest, removeTmp } from './harness';
import fs from 'node:fs';
import path from 'node:path';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../lib/auth/actor';
import { db } from '../../lib/db';
import { engineFor, localEngine, type Engine } from '../../lib/docker/engine';
import { readHostArchive } from '../../lib/docker/host-files';
import { listTenantContainers } from '../../lib/docker/list-containers';
import { ensureTestHost, setTestHostLink, type TestHost } from '../helpers/test-host';
import { removeByCustomer } from './docker-helpers';

/**
 * Tenants on three hosts at once: the appliance's own engine, and the test host's engine over
 * TLS and over SSH (scripts/test-host.sh). Files reach the remote host through its engine only;
 * a host that dies makes its tenants `unreachable` (not `error`) while the rest carry on.
 */
let th: TestHost;
let block: number;
const proxyNetwork = `netbird-msp-test-${RUN_ID}`;
const remoteRoot = `/var/tmp/nb-rm-${RUN_ID}`;
const subs = { local: `rm-l${RUN_ID}`, tls: `rm-t${RUN_ID}`, ssh: `rm-s${RUN_ID}` };
const ids: Record<keyof typeof subs, string> = { local: '', tls: '', ssh: '' };
const hostIds = { tls: '', ssh: '', cordoned: '', dead: '' };
let manage: typeof import('../../lib/customers/manage-customers');
let runner: typeof import('../../lib/jobs/runner');

const IMAGE = 'netbird-msp-standin/caddy:test';

async function untarOne(buf: Buffer): Promise<{ mode: number; text: string }> {
  const extract = tar.extract();
  return new Promise((resolve, reject) => {
    let found: { mode: number; text: string } | undefined;
    extract.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (header.type === 'file' && !found) found = { mode: (header.mode ?? 0) & 0o777, text: Buffer.concat(chunks).toString('utf8') };
        next();
      });
    });
    extract.on('finish', () => (found ? resolve(found) : reject(new Error('no file in archive'))));
    extract.on('error', reject);
    extract.end(buf);
  });
}

async function waitUntil<T>(what: string, check: () => Promise<T | undefined>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const statusOf = async (id: string) => (await db().customer.findUniqueOrThrow({ where: { id } })).status;

async function create(which: keyof typeof subs, hostId: string): Promise<string> {
  const { customer, job } = await manage.createCustomer(SYSTEM_ACTOR, { name: which, subdomain: subs[which], email: 'r@example.com', max_devices: 5, host_id: hostId });
  ids[which] = customer.id;
  return job.id;
}

beforeAll(async () => {
  [th, block] = await Promise.all([ensureTestHost(), prepareStackTest(proxyNetwork)]);
  const hosts = await import('../../lib/hosts/manage-hosts');
  const common = { public_address: th.address, tenant_root: remoteRoot };
  // The two records reach the same engine: separate port ranges keep their tenants apart on it.
  const tls = await hosts.createHost(SYSTEM_ACTOR, { name: `rm-tls-${RUN_ID}`, endpoint: th.tcp, tls_ca: th.ca, tls_cert: th.cert, tls_key: th.key, ...common });
  const ssh = await hosts.createHost(SYSTEM_ACTOR, {
    name: `rm-ssh-${RUN_ID}`, endpoint: th.ssh, ssh_private_key: th.sshKey, ...common,
    dashboard_port_start: block + 10, dashboard_port_end: block + 19, relay_port_start: block + 35, relay_port_end: block + 44,
  });
  const cordoned = await hosts.createHost(SYSTEM_ACTOR, { name: `rm-cord-${RUN_ID}`, endpoint: th.tcp, tls_ca: th.ca, tls_cert: th.cert, tls_key: th.key, ...common });
  await hosts.updateHost(SYSTEM_ACTOR, cordoned.id, { state: 'cordoned' });
  // Nothing listens on this port of the test host: an engine that does not answer.
  const dead = await hosts.createHost(SYSTEM_ACTOR, { name: `rm-dead-${RUN_ID}`, endpoint: `tcp://${th.address}:2399`, tls_ca: th.ca, tls_cert: th.cert, tls_key: th.key, ...common });
  Object.assign(hostIds, { tls: tls.id, ssh: ssh.id, cordoned: cordoned.id, dead: dead.id });
  manage = await import('../../lib/customers/manage-customers');
  runner = await import('../../lib/jobs/runner');
}, 240_000);

afterAll(async () => {
  await setTestHostLink(true);
  (await import('../../lib/status/reconciler')).stopReconciler();
  const all = Object.values(ids).filter(Boolean);
  await removeByCustomer(all, [`netbird-${subs.local}`, proxyNetwork]);
  // The remote tenants' containers, networks and files, through the remote engine.
  const { removeTenantStack } = await import('../../lib/netbird/remove-stack');
  for (const which of ['tls', 'ssh'] as const) {
    if (ids[which]) await removeTenantStack({ id: ids[which], subdomain: subs[which] }, { purge: true }).catch((err: unknown) => console.warn('cleanup', String(err)));
  }
  removeTmp();
}, 120_000);

describe('tenants on remote hosts', () => {
  it('refuses an unknown host (422 naming host_id) and a cordoned one (409), creating nothing', async () => {
    const before = await db().customer.count();
    await expect(manage.createCustomer(SYSTEM_ACTOR, { name: 'x', subdomain: `rm-x${RUN_ID}`, email: 'x@example.com', max_devices: 1, host_id: 'no-such-host' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ path: 'host_id' }] },
    });
    await expect(manage.createCustomer(SYSTEM_ACTOR, { name: 'x', subdomain: `rm-x${RUN_ID}`, email: 'x@example.com', max_devices: 1, host_id: hostIds.cordoned })).rejects.toMatchObject({
      code: 'HOST_NOT_READY',
    });
    expect(await db().customer.count()).toBe(before);
    expect(await db().job.count()).toBe(0);
  });

  it('fails the deploy on a host whose engine does not answer, with a clear error and nothing half-made', async () => {
    const { customer, job } = await manage.createCustomer(SYSTEM_ACTOR, { name: 'dead', subdomain: `rm-d${RUN_ID}`, email: 'd@example.com', max_devices: 1, host_id: hostIds.dead });
    const done = await runner.waitForJob(job.id, 60_000);
    expect(done?.state).toBe('failed');
    expect(JSON.stringify(done)).toMatch(/not reachable|did not answer/);
    // No ports were taken, no directory recorded, nothing written on the appliance's disk.
    expect(await db().deployment.findUnique({ where: { customerId: customer.id } })).toBeNull();
    expect(fs.existsSync(path.join(DATA_ROOT, `rm-d${RUN_ID}`))).toBe(false);
    await db().customer.delete({ where: { id: customer.id } });
    // A host left dead would keep its alert open for the rest of the file.
    await (await import('../../lib/hosts/manage-hosts')).removeHost(SYSTEM_ACTOR, hostIds.dead);
  }, 90_000);

  it('deploys one tenant locally, one over TLS and one over SSH, each on its own engine', async () => {
    const jobs = await Promise.all([create('local', 'local'), create('tls', hostIds.tls), create('ssh', hostIds.ssh)]);
    const results = await Promise.all(jobs.map((j) => runner.waitForJob(j, 240_000)));
    expect(results.map((r) => `${r?.state}${r?.error ? `: ${r.error}` : ''}`)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    for (const which of ['local', 'tls', 'ssh'] as const) expect(await statusOf(ids[which])).toBe('active');

    const remote = engineFor(hostIds.tls);
    const onEngine = async (engine: Engine, which: keyof typeof subs) => (await listTenantContainers(engine, ids[which])).filter((c) => c.state === 'running').length;
    expect(await onEngine(localEngine(), 'local')).toBe(5);
    expect(await onEngine(remote, 'local')).toBe(0);
    expect(await onEngine(remote, 'tls')).toBe(5);
    expect(await onEngine(localEngine(), 'tls')).toBe(0);
    expect(await onEngine(engineFor(hostIds.ssh), 'ssh')).toBe(5);
    // Networks follow the containers.
    const networks = async (engine: Engine) => (await engine.docker().listNetworks()).map((n) => n.Name);
    expect(await networks(remote)).toContain(`netbird-${subs.tls}`);
    expect(await networks(localEngine())).not.toContain(`netbird-${subs.tls}`);

    // Ports are unique per host: the local and the TLS tenant both got the first port of the range.
    const rows = Object.fromEntries((await db().deployment.findMany({ where: { customerId: { in: Object.values(ids) } } })).map((d) => [d.customerId, d]));
    expect(rows[ids.tls].dashboardPort).toBe(block);
    expect(rows[ids.local].dashboardPort).toBe(block);
    expect(rows[ids.tls].hostId).toBe(hostIds.tls);
    expect(rows[ids.tls].dataDir).toBe(remoteRoot);
    expect(rows[ids.local].dataDir).toBe(DATA_ROOT);

    // Trust on first use: the deploy's own SSH connection pinned the host key (no Test pressed), audited once.
    const { getHost } = await import('../../lib/hosts/manage-hosts');
    const pinned = await waitUntil('ssh host key pinned on first use', async () => (await getHost(hostIds.ssh)).ssh_host_key ?? undefined, 10_000);
    expect(pinned).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(await db().auditEvent.count({ where: { action: 'host.key_pinned', target: `host:rm-ssh-${RUN_ID}` } })).toBe(1);
  }, 300_000);

  it('clears an error stored before a restart or by a failed Test once the host answers, and refreshes its facts in the background', async () => {
    const { probeHosts, hostFactsSettled } = await import('../../lib/status/host-reachability');
    const { raiseEvent } = await import('../../lib/notifications/raise-event');
    const { getHost } = await import('../../lib/hosts/manage-hosts');
    const long = new Date(Date.now() - 10 * 60_000);
    // As left by a restart during an outage (the in-memory down set is empty now), with its alert open.
    await db().host.update({ where: { id: hostIds.tls }, data: { lastError: 'connect ETIMEDOUT', lastContactAt: long, facts: null } });
    await raiseEvent({ kind: 'host.unreachable', key: hostIds.tls, params: { subject: 'tls', detail: 'connect ETIMEDOUT' } });
    const open = () => db().notificationEvent.count({ where: { dedupeKey: `host.unreachable:${hostIds.tls}`, state: 'open' } });
    expect((await getHost(hostIds.tls)).state).toBe('unreachable');
    expect(await open()).toBe(1);
    await probeHosts();
    const after = await getHost(hostIds.tls);
    expect(after).toMatchObject({ state: 'ready', last_error: null });
    expect(Date.parse(after.last_contact_at ?? '')).toBeGreaterThan(long.getTime());
    expect(await open()).toBe(0);
    // Contact is written at most once a minute per host, not at every probe.
    await probeHosts();
    expect((await getHost(hostIds.tls)).last_contact_at).toBe(after.last_contact_at);
    // Facts missing or old are measured again by the watch itself (what placement reads).
    await hostFactsSettled();
    const facts = (await getHost(hostIds.tls)).facts;
    expect(facts?.memory_free_bytes).toBeGreaterThan(0);
    expect(Date.now() - Date.parse(facts?.measured_at ?? '')).toBeLessThan(120_000);
  }, 120_000);

  it('skips a host whose credentials cannot be decrypted, shows it unreachable with the reason, and serves the others', async () => {
    const { encryptSecret } = await import('../../lib/crypto');
    const { syncHostEngines } = await import('../../lib/hosts/host-engines');
    const { hostById } = await import('../../lib/hosts/tenant-host');
    const { getHost } = await import('../../lib/hosts/manage-hosts');
    // Sealed under another SECRET_KEY, as after the key was changed.
    const row = await db().host.create({
      data: { name: `rm-undec-${RUN_ID}`, endpoint: th.ssh, sshKey: encryptSecret(th.sshKey, 'another-secret-key-for-this-test-only-0123456789'), publicAddress: th.address },
    });
    try {
      await expect(syncHostEngines()).resolves.toBeUndefined();
      expect(() => engineFor(row.id)).toThrow(/not known|No Docker Engine/);
      expect((await hostById('local')).local).toBe(true);
      expect((await hostById(hostIds.tls)).engine.id).toBe(hostIds.tls);
      const view = await getHost(row.id);
      expect(view.state).toBe('unreachable');
      expect(view.last_error).toMatch(/credentials cannot be decrypted: was SECRET_KEY changed\?/);
    } finally {
      await db().host.delete({ where: { id: row.id } });
      await syncHostEngines();
    }
  });

  it('keeps a remote tenant’s files on its host, secrets readable by the owner only, STUN on the host’s address', async () => {
    const engine = engineFor(hostIds.tls);
    const management = await untarOne(await readHostArchive(engine, IMAGE, remoteRoot, `${subs.tls}/management.json`));
    expect(management.mode).toBe(0o600);
    const relayPort = (await db().deployment.findUniqueOrThrow({ where: { customerId: ids.tls } })).relayPort;
    expect(JSON.parse(management.text).Stuns[0].URI).toBe(`stun:${th.address}:${relayPort}`);
    expect((await untarOne(await readHostArchive(engine, IMAGE, remoteRoot, `${subs.tls}/Caddyfile`))).mode).toBe(0o644);
    // Nothing of it on the appliance's own data directory.
    expect(fs.existsSync(path.join(DATA_ROOT, subs.tls))).toBe(false);
    expect(fs.existsSync(path.join(DATA_ROOT, subs.local, 'management.json'))).toBe(true);
  });

  it('redeploys, backs up and refuses to purge anything but <root>/<subdomain> of a remote tenant', async () => {
    const { deployStack } = await import('../../lib/netbird/deploy-stack');
    const before = await db().deployment.findUniqueOrThrow({ where: { customerId: ids.tls } });
    const { health } = await deployStack(ids.tls, { healthTimeoutMs: 60_000 });
    expect(health.healthy).toBe(true);
    const after = await db().deployment.findUniqueOrThrow({ where: { customerId: ids.tls } });
    expect([after.dashboardPort, after.relayPort]).toEqual([before.dashboardPort, before.relayPort]);

    const { backupTenant } = await import('../../lib/backups/backup-tenant');
    const outcome = await backupTenant(ids.tls);
    expect(outcome.snapshotId).toMatch(/^[0-9a-f]{8,64}$/);
    expect(outcome.files).toBeGreaterThan(0);

    const { purgeTenantDir } = await import('../../lib/netbird/tenant-files');
    const remote = { engine: engineFor(hostIds.tls), image: IMAGE };
    await expect(purgeTenantDir({ tenantDir: `${remoteRoot}/${subs.tls}/data`, subdomain: subs.tls }, remoteRoot, remote)).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(purgeTenantDir({ tenantDir: '/', subdomain: '' }, '/', remote)).rejects.toMatchObject({ code: 'INTERNAL' });
    // Still there after both refusals.
    expect((await untarOne(await readHostArchive(remote.engine, IMAGE, remoteRoot, `${subs.tls}/Caddyfile`))).text.length).toBeGreaterThan(0);
  }, 180_000);

  it('lists customers by host and with their host', async () => {
    const { listCustomers } = await import('../../lib/customers/read-customers');
    const { listCustomersQuerySchema } = await import('../../lib/customers/schemas');
    const page = await listCustomers(listCustomersQuerySchema.parse({ host: hostIds.ssh }));
    expect(page.items.map((c) => c.subdomain)).toEqual([subs.ssh]);
    expect(page.items[0].host).toEqual({ id: hostIds.ssh, name: `rm-ssh-${RUN_ID}` });
    expect(page.items[0].local_url).toBe(`http://${th.address}:${block + 10}`);
    const local = await listCustomers(listCustomersQuerySchema.parse({ host: 'local' }));
    expect(local.items.map((c) => c.subdomain)).toEqual([subs.local]);
  });

  it('marks the tenants of a host that dies unreachable within 10 s, leaves the rest alone, and recovers', async () => {
    const { startReconciler } = await import('../../lib/status/reconciler');
    const { listCustomers } = await import('../../lib/customers/read-customers');
    const { listCustomersQuerySchema } = await import('../../lib/customers/schemas');
    startReconciler();
    const openEvents = () => db().notificationEvent.count({ where: { kind: 'host.unreachable', state: 'open' } });
    const timings: number[] = [];
    let detectedMs = 0;
    const cutAt = Date.now();
    try {
      await setTestHostLink(false);
      await waitUntil(
        'remote tenants unreachable',
        async () => ((await statusOf(ids.tls)) === 'unreachable' && (await statusOf(ids.ssh)) === 'unreachable' ? true : undefined),
        10_000,
      );
      detectedMs = Date.now() - cutAt;
      for (let i = 0; i < 5; i++) {
        const t0 = Date.now();
        const page = await listCustomers(listCustomersQuerySchema.parse({ per_page: 100 }));
        timings.push(Date.now() - t0);
        expect(page.items.find((c) => c.id === ids.local)?.status).toBe('active');
      }
      expect(await statusOf(ids.local)).toBe('active');
      expect(await openEvents()).toBeGreaterThanOrEqual(2);
      const host = await (await import('../../lib/hosts/manage-hosts')).getHost(hostIds.tls);
      expect(host.state).toBe('unreachable');
    } finally {
      await setTestHostLink(true);
    }
    console.info(`host cut: unreachable after ${detectedMs} ms; customer list ${timings.join(', ')} ms while cut; cut lasted ${Date.now() - cutAt} ms`);
    expect(Math.max(...timings)).toBeLessThan(1_000);
    await waitUntil(
      'remote tenants active again',
      async () => ((await statusOf(ids.tls)) === 'active' && (await statusOf(ids.ssh)) === 'active' ? true : undefined),
      90_000,
    );
    await waitUntil('host.unreachable resolved', async () => ((await openEvents()) === 0 ? true : undefined), 10_000);
    (await import('../../lib/status/reconciler')).stopReconciler();
  }, 150_000);

  it('deletes a remote tenant with its files on its host', async () => {
    const { removeTenantStack } = await import('../../lib/netbird/remove-stack');
    const engine = engineFor(hostIds.ssh);
    await removeTenantStack({ id: ids.ssh, subdomain: subs.ssh }, { purge: true });
    expect(await listTenantContainers(engine, ids.ssh)).toEqual([]);
    await expect(readHostArchive(engine, IMAGE, remoteRoot, `${subs.ssh}/Caddyfile`)).rejects.toMatchObject({ statusCode: 404 });
    ids.ssh = '';
  }, 60_000);

  it('pins the SSH host key at the first successful test and refuses another one', async () => {
    const { testHostConnection } = await import('../../lib/hosts/test-host-connection');
    const { getHost } = await import('../../lib/hosts/manage-hosts');
    const { syncHostEngines } = await import('../../lib/hosts/host-engines');
    expect((await testHostConnection(hostIds.ssh)).ok).toBe(true);
    const pinned = (await getHost(hostIds.ssh)).ssh_host_key;
    expect(pinned).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    // Another key than the pinned one (as after a reinstall, or a machine in the middle).
    await db().host.update({ where: { id: hostIds.ssh }, data: { sshHostKey: 'SHA256:' + 'A'.repeat(43) } });
    await syncHostEngines();
    const refused = await testHostConnection(hostIds.ssh);
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatch(/host key/i);
    await db().host.update({ where: { id: hostIds.ssh }, data: { sshHostKey: pinned } });
    await syncHostEngines();
    expect((await testHostConnection(hostIds.ssh)).ok).toBe(true);
  }, 60_000);
});
