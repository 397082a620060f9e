import { RUN_ID, migrateDatabase, randomPortBlock, removeTmp } from './harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db';
import { removeContainerIfPresent } from './docker-helpers';
import { dockerClient } from '../../lib/docker/client';
import { storeSettings } from '../../lib/settings/store';
import { allocatePorts } from '../../lib/netbird/ports';
import { localEngine } from '../../lib/docker/engine';

const engine = localEngine();

/** Port allocation against the real engine: concurrency, foreign published ports, exhaustion. */
const block = randomPortBlock();
const blocker = `netbird-msp-test-${RUN_ID}-blocker`;

async function customer(sub: string): Promise<string> {
  return (await db().customer.create({ data: { name: sub, subdomain: `${sub}${RUN_ID}`, email: 'p@example.com', maxDevices: 1 } })).id;
}

beforeAll(async () => {
  await migrateDatabase();
  await storeSettings({ dashboard_port_start: block, dashboard_port_end: block + 11, relay_port_start: block + 25, relay_port_end: block + 49 });
});

afterAll(async () => {
  await removeContainerIfPresent(blocker);
  removeTmp();
});

describe('allocatePorts', () => {
  it('gives parallel allocations distinct lowest ports and reuses them later', async () => {
    const ids = await Promise.all(Array.from({ length: 8 }, (_, i) => customer(`par${i}`)));
    const got = await Promise.all(ids.map((id) => allocatePorts(engine, id)));
    expect(new Set(got.map((p) => p.dashboardPort)).size).toBe(8);
    expect(new Set(got.map((p) => p.relayPort)).size).toBe(8);
    expect(got.map((p) => p.dashboardPort).sort()).toEqual(Array.from({ length: 8 }, (_, i) => block + i));
    expect(got.every((p) => !p.reused)).toBe(true);
    const again = await allocatePorts(engine, ids[3]);
    expect(again).toEqual({ dashboardPort: got[3].dashboardPort, relayPort: got[3].relayPort, reused: true });
  });

  it('skips a port another container publishes', async () => {
    const c = await dockerClient().createContainer({
      name: blocker,
      Image: 'netbird-msp-standin/signal:test',
      ExposedPorts: { '80/tcp': {}, '80/udp': {} },
      HostConfig: {
        Init: true,
        PortBindings: { '80/tcp': [{ HostPort: String(block + 8) }], '80/udp': [{ HostPort: String(block + 25 + 8) }] },
      },
    });
    await c.start();
    const p = await allocatePorts(engine, await customer('skip'));
    expect(p.dashboardPort).toBe(block + 9);
    expect(p.relayPort).toBe(block + 25 + 9);
  });

  it('reports an exhausted range naming its setting', async () => {
    const ids = await Promise.all([customer('fill1'), customer('fill2')]);
    await Promise.all(ids.map((id) => allocatePorts(engine, id)));
    const err = await allocatePorts(engine, await customer('none')).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'PORT_RANGE_EXHAUSTED', status: 409 });
    expect((err as Error).message).toContain('dashboard_port_start..dashboard_port_end');
    expect(await db().deployment.count()).toBe(11);
  });
});
