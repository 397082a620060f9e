import { DATA_ROOT, RUN_ID, prepareStackTest, removeTmp } from './harness';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptSecret } from '../../lib/crypto';
import { db } from '../../lib/db';
import { dockerClient } from '../../lib/docker/client';
import { subscribeTenantEvents, type TenantEvent } from '../../lib/docker/events';
import { followServiceLogs, getServiceLogs } from '../../lib/docker/logs';
import { listTenantContainers } from '../../lib/docker/list-containers';
import { getAllTenantFigures, getStackFigures } from '../../lib/docker/stats';
import { restartStack, startStack, stopStack } from '../../lib/docker/stack-containers';
import { storeSettings } from '../../lib/settings/store';
import { deployStack } from '../../lib/netbird/deploy-stack';
import { checkStackHealth, tenantBaseUrl, waitForHealthy } from '../../lib/health/stack-health';
import { getInstance, setupOwner } from '../../lib/netbird/tenant-client';
import type { TenantStackSpec } from '../../lib/netbird/stack-spec';
import { removeByCustomer } from './docker-helpers';
import { restartTenantStack, startTenantStack } from '../../lib/netbird/operate-stack';
import { SET_ASIDE_DATA } from '../../lib/netbird/tenant-files';
import { localEngine } from '../../lib/docker/engine';

const engine = localEngine();

const proxyNetwork = `netbird-msp-test-${RUN_ID}`;
const sub = `life${RUN_ID}`;
const secondTag = `test-${RUN_ID}`;
let spec: TenantStackSpec;
let customerId: string;

beforeAll(async () => {
  await prepareStackTest(proxyNetwork);
  customerId = (await db().customer.create({ data: { name: sub, subdomain: sub, email: 'l@example.com', maxDevices: 5 } })).id;
  ({ spec } = await deployStack(customerId, { healthTimeoutMs: 30_000 }));
});

afterAll(async () => {
  await removeByCustomer(customerId ? [customerId] : [], [`netbird-${sub}`, proxyNetwork]);
  await dockerClient()
    .getImage(`netbird-msp-standin/dashboard:${secondTag}`)
    .remove()
    .catch((err: { statusCode?: number }) => {
      if (err.statusCode !== 404) throw err;
    });
  removeTmp();
});

async function waitFor<T>(what: string, check: () => T | undefined, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('one tenant through its lifecycle', () => {
  it('stops, starts and restarts the whole stack, reporting events', async () => {
    const events: TenantEvent[] = [];
    const sub$ = subscribeTenantEvents(engine, (e) => e.customerId === customerId && events.push(e));
    try {
      await new Promise((r) => setTimeout(r, 300));
      const t0 = Date.now();
      await stopStack(engine, spec);
      // Two stop groups with a 10 s grace each: an ignored SIGTERM would take 20 s.
      expect(Date.now() - t0).toBeLessThan(15_000);
      expect((await listTenantContainers(engine, customerId)).every((c) => c.state === 'exited')).toBe(true);
      expect((await checkStackHealth(engine, spec)).healthy).toBe(false);
      await startStack(engine, spec);
      await waitForHealthy(engine, spec, 15_000);
      const before = (await checkStackHealth(engine, spec)).services.find((s) => s.service === 'management')?.startedAt;
      await restartStack(engine, spec);
      const h = await waitForHealthy(engine, spec, 15_000);
      expect(h.services.find((s) => s.service === 'management')?.startedAt?.getTime()).toBeGreaterThan(before?.getTime() ?? 0);
      await waitFor('stop and start events', () => (events.some((e) => e.action === 'stop') && events.filter((e) => e.action === 'start').length >= 10 ? true : undefined));
      expect(new Set(events.map((e) => e.service))).toEqual(new Set(['management', 'signal', 'relay', 'dashboard', 'caddy']));
    } finally {
      sub$.close();
    }
  });

  // A restore swap cut off between its renames leaves the data only under the set-aside name.
  // The operator's plain start (or restart) must not run management on an empty directory.
  it('a start and a restart after a cut-off restore swap run management on the tenant\'s data', async () => {
    const data = path.join(spec.tenantDir, 'data');
    const marker = `the tenant ${RUN_ID}`;
    for (const operate of [startTenantStack, restartTenantStack]) {
      await stopStack(engine, spec);
      fs.writeFileSync(path.join(data, 'management', 'marker'), marker);
      fs.renameSync(path.join(data, 'management'), path.join(data, SET_ASIDE_DATA));
      await operate(customerId);
      await waitForHealthy(engine, spec, 15_000);
      expect(fs.existsSync(path.join(data, SET_ASIDE_DATA))).toBe(false);
      expect(fs.readFileSync(path.join(data, 'management', 'marker'), 'utf8')).toBe(marker);
      const management = (await listTenantContainers(engine, customerId)).find((c) => c.service === 'management');
      const mount = (await dockerClient().getContainer(String(management?.id)).inspect()).Mounts.find((m) => m.Source === path.join(data, 'management'));
      expect(mount?.Destination).toBeTruthy();
    }
  });

  it('returns log lines and follows new ones', async () => {
    await getInstance(tenantBaseUrl(spec));
    const lines = await getServiceLogs(engine, customerId, 'management', { tail: 50 });
    expect(lines.some((l) => l.text.includes('GET /api/instance'))).toBe(true);
    expect(lines.every((l) => l.time instanceof Date)).toBe(true);

    const ac = new AbortController();
    const seen: string[] = [];
    const follow = (async () => {
      for await (const line of followServiceLogs(engine, customerId, 'management', { tail: 0, signal: ac.signal })) {
        seen.push(line.text);
        if (line.text.includes('/oauth2/.well-known/openid-configuration')) break;
      }
    })();
    await new Promise((r) => setTimeout(r, 300));
    await fetch(`${tenantBaseUrl(spec)}/oauth2/.well-known/openid-configuration`);
    await Promise.race([follow, new Promise((_, rej) => setTimeout(() => rej(new Error('no followed line')), 5_000))]);
    ac.abort();
    expect(seen.some((t) => t.includes('openid-configuration'))).toBe(true);
  });

  it('reports resource figures of the tenant and of all tenants', async () => {
    const t0 = Date.now();
    const figures = await getStackFigures(engine, customerId);
    // One sample takes ~1 s; five in sequence would take 5 s.
    expect(Date.now() - t0).toBeLessThan(4_900);
    expect(figures).toHaveLength(5);
    for (const f of figures) {
      expect(f.memoryBytes).toBeGreaterThan(0);
      expect(f.memoryLimitBytes).toBe(64 * 1024 * 1024);
    }
    const all = await getAllTenantFigures(engine, 8);
    expect(all.filter((f) => f.customerId === customerId)).toHaveLength(5);
  });

  it('redeploys with a changed image, keeping key, secret, ports, owner and data', async () => {
    const row = await db().deployment.findUniqueOrThrow({ where: { customerId } });
    const marker = path.join(DATA_ROOT, sub, 'data/management/marker');
    fs.writeFileSync(marker, 'still here');
    await setupOwner(tenantBaseUrl(spec), { email: 'o@example.com', password: 'password123', name: 'O', create_pat: true, pat_expire_in: 30 });
    await dockerClient().getImage('netbird-msp-standin/dashboard:test').tag({ repo: 'netbird-msp-standin/dashboard', tag: secondTag });
    await storeSettings({ netbird_dashboard_image: `netbird-msp-standin/dashboard:${secondTag}` });

    const { spec: next } = await deployStack(customerId, { healthTimeoutMs: 30_000 });
    const after = await db().deployment.findUniqueOrThrow({ where: { customerId } });
    expect([after.dashboardPort, after.relayPort]).toEqual([row.dashboardPort, row.relayPort]);
    expect(decryptSecret(after.encryptionKey as string)).toBe(decryptSecret(row.encryptionKey as string));
    expect(decryptSecret(after.relaySecret as string)).toBe(decryptSecret(row.relaySecret as string));
    expect(after.dashboardImage).toBe(`netbird-msp-standin/dashboard:${secondTag}`);
    const dash = (await listTenantContainers(engine, customerId)).find((c) => c.service === 'dashboard');
    expect(dash?.image).toBe(`netbird-msp-standin/dashboard:${secondTag}`);
    expect(fs.readFileSync(marker, 'utf8')).toBe('still here');
    // The management stand-in refuses to start on a store encrypted with another key.
    expect(await getInstance(tenantBaseUrl(next))).toEqual({ setup_required: false });
    spec = next;
  });

  it('fails a redeploy with a missing image at the images step, leaving files and containers alone', async () => {
    const file = path.join(DATA_ROOT, sub, 'management.json');
    const before = fs.statSync(file).mtimeMs;
    const ids = (await listTenantContainers(engine, customerId)).map((c) => c.id).sort();
    await storeSettings({ caddy_image: `netbird-msp-standin/missing:${RUN_ID}` });
    const err = await deployStack(customerId).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'IMAGE_UNAVAILABLE' });
    expect(String((err as Error).message)).toMatch(new RegExp(`Step "images" failed: Image netbird-msp-standin/missing:${RUN_ID}`));
    expect(fs.statSync(file).mtimeMs).toBe(before);
    expect((await listTenantContainers(engine, customerId)).map((c) => c.id).sort()).toEqual(ids);
    expect((await checkStackHealth(engine, spec)).healthy).toBe(true);
    await storeSettings({ caddy_image: 'netbird-msp-standin/caddy:test' });
  });

  it('reports a crash-looping service fast, with its last log lines', async () => {
    const file = path.join(DATA_ROOT, sub, 'management.json');
    const good = fs.readFileSync(file, 'utf8');
    const key = JSON.parse(good).DataStoreEncryptionKey as string;
    fs.writeFileSync(`${file}.bad`, good.replace(key, 'not-a-key'));
    fs.renameSync(`${file}.bad`, file);
    try {
      await restartStack(engine, spec);
      const t0 = Date.now();
      const err = await waitForHealthy(engine, spec, 20_000).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'STACK_UNHEALTHY' });
      expect((err as Error).message).toMatch(/management: .*FATAL management: invalid DataStoreEncryptionKey/);
      // Well before the 20 s health timeout: the crash loop itself is detected.
      expect(Date.now() - t0).toBeLessThan(15_000);
    } finally {
      fs.writeFileSync(`${file}.good`, good);
      fs.renameSync(`${file}.good`, file);
    }
    await restartStack(engine, spec);
    await waitForHealthy(engine, spec, 15_000);
  });

  it('refuses to replace a same-named container that is not the tenant\'s', async () => {
    const other = `foreign${RUN_ID}`;
    const name = `netbird-${other}-caddy`;
    const foreign = await dockerClient().createContainer({ name, Image: 'netbird-msp-standin/caddy:test' });
    try {
      const id = (await db().customer.create({ data: { name: other, subdomain: other, email: 'f@example.com', maxDevices: 1 } })).id;
      const err = await deployStack(id).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'CONFLICT' });
      expect((err as Error).message).toMatch(/Step "containers" failed: .*belong to another owner/);
      expect((await foreign.inspect()).Name).toBe(`/${name}`);
      await removeByCustomer([id], [`netbird-${other}`]);
    } finally {
      await foreign.remove({ force: true });
    }
  });
});
