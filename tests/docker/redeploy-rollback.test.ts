import { DATA_ROOT, RUN_ID, prepareStackTest, removeTmp } from './harness';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db';
import { dockerClient } from '../../lib/docker/client';
import { LABEL_CUSTOMER, isRetiredName } from '../../lib/docker/labels';
import { listAllTenantContainers, listTenantContainers } from '../../lib/docker/list-containers';
import { removeStackContainers, startStack, stopStack } from '../../lib/docker/stack-containers';
import { completeSwap, prepareSwap } from '../../lib/docker/swap-stack';
import { deployStack } from '../../lib/netbird/deploy-stack';
import { tenantBaseUrl, waitForHealthy } from '../../lib/health/stack-health';
import { getInstance } from '../../lib/netbird/tenant-client';
import type { TenantStackSpec } from '../../lib/netbird/stack-spec';
import { storeSettings } from '../../lib/settings/store';
import { removeByCustomer, removeContainerIfPresent } from './docker-helpers';
import { localEngine } from '../../lib/docker/engine';

const engine = localEngine();

/** Redeploys that fail at create or at start leave the running stack as it was. */
const proxyNetwork = `netbird-msp-test-${RUN_ID}`;
const sub = `swap${RUN_ID}`;
const blockerName = `netbird-msp-test-blocker-${RUN_ID}`;
let spec: TenantStackSpec;
let customerId: string;
let block: number;

beforeAll(async () => {
  block = await prepareStackTest(proxyNetwork);
  customerId = (await db().customer.create({ data: { name: sub, subdomain: sub, email: 's@example.com', maxDevices: 5 } })).id;
  ({ spec } = await deployStack(customerId, { healthTimeoutMs: 30_000 }));
});

afterAll(async () => {
  await removeContainerIfPresent(blockerName);
  await removeByCustomer(customerId ? [customerId] : [], [`netbird-${sub}`, proxyNetwork]);
  removeTmp();
});

interface Seen {
  id: string;
  name: string;
  state: string;
}

/** Every container carrying the customer's label, retired or not, straight from the engine. */
async function allOfCustomer(): Promise<Seen[]> {
  const list = await dockerClient().listContainers({ all: true, filters: { label: [`${LABEL_CUSTOMER}=${customerId}`] } });
  return list.map((c) => ({ id: c.Id, name: c.Names[0].replace(/^\//, ''), state: c.State })).sort((a, b) => a.name.localeCompare(b.name));
}

/** Asks management through Caddy every 25 ms until stopped; counts the answers that did not come. */
function watchAvailability(): { stop: () => Promise<{ ok: number; failed: number }> } {
  let running = true;
  const counts = { ok: 0, failed: 0 };
  const loop = (async () => {
    while (running) {
      await getInstance(tenantBaseUrl(spec)).then(
        () => counts.ok++,
        () => counts.failed++,
      );
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return counts;
    },
  };
}

/** The same containers as before, under their own names, running, nothing else; and serving. */
async function expectStackAsBefore(before: Seen[]): Promise<void> {
  expect(await allOfCustomer()).toEqual(before.map((c) => ({ ...c, state: 'running' })));
  await waitForHealthy(engine, spec, 30_000);
  expect(await getInstance(tenantBaseUrl(spec))).toEqual({ setup_required: true });
}

/**
 * Redeploys while another container holds the UDP port the new relay is to publish, so the
 * engine refuses its start. Returns the customer's real relay port, restored afterwards.
 */
async function redeployWithRelayPortTaken(): Promise<number> {
  const row = await db().deployment.findUniqueOrThrow({ where: { customerId } });
  const takenPort = block + 48;
  const blocker = await dockerClient().createContainer({
    name: blockerName,
    Image: 'netbird-msp-standin/signal:test',
    Entrypoint: ['/bin/busybox', 'sleep', '600'],
    ExposedPorts: { [`${takenPort}/udp`]: {} },
    HostConfig: { PortBindings: { [`${takenPort}/udp`]: [{ HostIp: '', HostPort: String(takenPort) }] } },
  });
  try {
    await blocker.start();
    await db().deployment.update({ where: { customerId }, data: { relayPort: takenPort } });
    const err = await deployStack(customerId, { healthTimeoutMs: 30_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/Step "start" failed: .*(already allocated|address already in use).*rolled back/);
  } finally {
    await db().deployment.update({ where: { customerId }, data: { relayPort: row.relayPort } });
    await blocker.remove({ force: true });
  }
  return row.relayPort;
}

describe('a redeploy keeps the running stack until the new one has started', () => {
  it('a create the engine refuses leaves the old containers running, without a moment down', async () => {
    const before = await allOfCustomer();
    expect(before).toHaveLength(5);
    // Below the engine's 6 MB minimum: every create is refused.
    await storeSettings({ container_memory_limit_mb: 1 });
    const watch = watchAvailability();
    try {
      const err = await deployStack(customerId, { healthTimeoutMs: 30_000 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(/Step "containers" failed: .*[Mm]inimum memory limit.*rolled back/);
    } finally {
      await storeSettings({ container_memory_limit_mb: 64 });
    }
    const counts = await watch.stop();
    expect(counts.ok).toBeGreaterThan(0);
    expect(counts.failed).toBe(0);
    await expectStackAsBefore(before);
  });

  it('a half-created stack (four created, one refused) is removed and the old one kept', async () => {
    const before = await allOfCustomer();
    // Only Caddy's create is refused (below the engine's memory minimum); the other four are created first.
    const broken: TenantStackSpec = { ...spec, containers: spec.containers.map((c) => (c.service === 'caddy' ? { ...c, memoryLimitBytes: 1024 * 1024 } : c)) };
    const err = await prepareSwap(engine, broken).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/[Mm]inimum memory limit.*rolled back/);
    await expectStackAsBefore(before);
  });

  it('a start the engine refuses (a network that does not exist) puts the old containers back', async () => {
    const before = await allOfCustomer();
    // The engine accepts joining a missing network at create and refuses only at start.
    const broken: TenantStackSpec = {
      ...spec,
      containers: spec.containers.map((c) => (c.service === 'caddy' ? { ...c, networks: [...c.networks, `netbird-msp-missing-${RUN_ID}`] } : c)),
    };
    const swap = await prepareSwap(engine, broken);
    expect(swap.retired.map((c) => c.id).sort()).toEqual(before.map((c) => c.id).sort());
    const err = await completeSwap(engine, broken, swap).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/not found.*rolled back/i);
    await expectStackAsBefore(before);
  });

  it('a start that fails (host port taken) removes the new containers and brings the old ones back', async () => {
    const before = await allOfCustomer();
    const relayPort = await redeployWithRelayPortTaken();
    await expectStackAsBefore(before);
    // The old relay still publishes the old port.
    const relay = (await listTenantContainers(engine, customerId)).find((c) => c.service === 'relay');
    expect(relay?.ports.map((p) => p.host)).toContain(relayPort);
  });

  it('a stopped customer whose redeploy fails at start stays stopped, with its own containers', async () => {
    await stopStack(engine, spec);
    const before = await allOfCustomer();
    expect(before.every((c) => c.state === 'exited')).toBe(true);
    await redeployWithRelayPortTaken();
    expect(await allOfCustomer()).toEqual(before);
    await startStack(engine, spec);
    await expectStackAsBefore(before);
  });

  it('a redeploy that succeeds replaces every container, keeps the data and never lists more than five', async () => {
    const before = await allOfCustomer();
    const marker = path.join(DATA_ROOT, sub, 'data/management/marker');
    fs.writeFileSync(marker, 'still here');
    const listed = { max: 0, retiredSeen: false };
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const mine = (await listAllTenantContainers(engine)).get(customerId) ?? [];
        listed.max = Math.max(listed.max, mine.length);
        if (mine.some((c) => isRetiredName(c.name))) listed.retiredSeen = true;
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    try {
      ({ spec } = await deployStack(customerId, { healthTimeoutMs: 30_000 }));
    } finally {
      watching = false;
      await watcher;
    }
    const after = await allOfCustomer();
    expect(after.map((c) => c.name)).toEqual(before.map((c) => c.name));
    expect(after.every((c) => c.state === 'running')).toBe(true);
    expect(after.filter((c) => before.some((b) => b.id === c.id))).toEqual([]);
    expect(listed).toEqual({ max: 5, retiredSeen: false });
    expect(fs.readFileSync(marker, 'utf8')).toBe('still here');
    expect(await getInstance(tenantBaseUrl(spec))).toEqual({ setup_required: true });
  });

  it('retired containers left by a swap cut short are hidden, then removed by the next redeploy', async () => {
    // The appliance "dies" after the 'containers' step: old ones retired and running, new ones created.
    const old = await allOfCustomer();
    await prepareSwap(engine, spec);
    const crashed = await allOfCustomer();
    expect(crashed.filter((c) => isRetiredName(c.name)).map((c) => c.id).sort()).toEqual(old.map((c) => c.id).sort());
    expect((await listTenantContainers(engine, customerId)).map((c) => c.name).sort()).toEqual(old.map((c) => c.name));

    ({ spec } = await deployStack(customerId, { healthTimeoutMs: 30_000 }));
    const after = await allOfCustomer();
    expect(after.map((c) => c.name)).toEqual(old.map((c) => c.name));
    expect(after.every((c) => c.state === 'running')).toBe(true);
    expect(after.some((c) => crashed.some((x) => x.id === c.id))).toBe(false);
  });

  it('delete removes retired containers too', async () => {
    await prepareSwap(engine, spec);
    expect((await allOfCustomer()).filter((c) => isRetiredName(c.name))).toHaveLength(5);
    await removeStackContainers(engine, customerId);
    expect(await allOfCustomer()).toEqual([]);
  });
});
