import { RUN_ID, prepareStackTest, removeTmp } from './harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../lib/auth/actor';
import { db } from '../../lib/db';
import { dockerClient } from '../../lib/docker/client';
import { deployUnderLoad } from './deploy-under-load';
import { startDispatcher, stopDispatcher } from '../../lib/notifications/dispatcher';
import { checkTenantHealth, forgetTenantHealth, tenantHealth } from '../../lib/notifications/health-watch';
import { createChannel } from '../../lib/notifications/manage-channels';
import { channelInputSchema } from '../../lib/notifications/schemas';
import { checkTenants } from '../../lib/notifications/tenant-watch';
import { storeSettings } from '../../lib/settings/store';
import { removeByCustomer } from './docker-helpers';
import { startSignedWebhook, until, type ReceivedHook } from '../helpers/signed-webhook';

/**
 * "Down" that Docker does not see: a real tenant (stand-in images, real engine) whose containers
 * all keep running while management cannot be reached through its Caddy (management's network
 * is disconnected, as a hung or partitioned server would look). The watches are called directly
 * with a clock we move, so the threshold is exact and no test waits for it. A "restart" is the
 * process forgetting everything it holds in memory.
 */
const SECRET = 'health-watch-signing-secret-0123';
const proxyNetwork = `netbird-msp-test-${RUN_ID}`;
const sub = `al-h${RUN_ID}`;
const management = `netbird-${sub}-management`;
let customerId = '';
let hook: Awaited<ReturnType<typeof startSignedWebhook>>;
let detached: { network: string; aliases: string[] } | null = null;

async function disconnectManagement(): Promise<void> {
  const info = await dockerClient().getContainer(management).inspect();
  const [network, settings] = Object.entries(info.NetworkSettings.Networks).find(([name]) => name !== proxyNetwork) ?? [];
  if (!network || !settings) throw new Error(`${management} is on no tenant network`);
  detached = { network, aliases: (settings.Aliases ?? []).filter((a: string) => !/^[0-9a-f]{12}$/.test(a)) };
  await dockerClient().getNetwork(network).disconnect({ Container: management });
}

async function reconnectManagement(): Promise<void> {
  if (!detached) return;
  await dockerClient().getNetwork(detached.network).connect({ Container: management, EndpointConfig: { Aliases: detached.aliases } });
  detached = null;
}

const downMessages = (): ReceivedHook[] => hook.received.filter((m) => m.event === 'tenant.down');

beforeAll(async () => {
  await prepareStackTest(proxyNetwork);
  hook = await startSignedWebhook(SECRET);
  await createChannel(SYSTEM_ACTOR, channelInputSchema.parse({ kind: 'webhook', name: 'health', url: hook.url, signing_secret: SECRET, events: ['tenant.down'], min_severity: 'info' }));
  await storeSettings({ alert_down_after_seconds: 60 });
  customerId = (await db().customer.create({ data: { name: sub, subdomain: sub, email: 'h@example.com', maxDevices: 5 } })).id;
  await deployUnderLoad(customerId, proxyNetwork);
  // What the deploy job and the reconciler would record for a stack whose containers all run.
  await db().customer.update({ where: { id: customerId }, data: { status: 'active', desiredState: 'running' } });
  await startDispatcher();
}, 420_000);

afterAll(async () => {
  stopDispatcher();
  await reconnectManagement().catch(() => undefined);
  await removeByCustomer(customerId ? [customerId] : [], [`netbird-${sub}`, proxyNetwork]);
  await hook?.close();
  removeTmp();
});

describe('tenant down from failing health while its containers run', () => {
  it('a healthy tenant starts no clock', async () => {
    await checkTenantHealth();
    expect(tenantHealth().failing.has(customerId)).toBe(false);
    await checkTenants(Date.now());
    expect(await db().notificationPending.count()).toBe(0);
  });

  it('a failure shorter than the threshold sends nothing and leaves no clock behind', async () => {
    const t0 = Date.now();
    await disconnectManagement();
    await checkTenantHealth();
    expect(tenantHealth().failing.get(customerId)).toMatch(/management: GET \/api\/instance/);
    await checkTenants(t0);
    expect(await db().notificationPending.count()).toBe(1);
    await reconnectManagement();
    await until('management answering again', async () => {
      await checkTenantHealth();
      return tenantHealth().failing.has(customerId) ? undefined : true;
    });
    await checkTenants(t0 + 30_000);
    expect(await db().notificationPending.count()).toBe(0);
    expect(await db().notificationEvent.count()).toBe(0);
  });

  it('raises one "down" after the threshold, counted from before a restart, and never again while it lasts', async () => {
    const t0 = Date.now();
    await disconnectManagement();
    const state = await dockerClient().getContainer(management).inspect();
    expect(state.State.Running).toBe(true);
    await checkTenantHealth();
    await checkTenants(t0);
    // A restart: the process forgets what it held; before the first health round it knows nothing.
    forgetTenantHealth();
    await checkTenants(t0 + 30_000);
    expect(await db().notificationPending.count()).toBe(1);
    await checkTenantHealth();
    // 61 s after the failure began (not after the restart): the clock came from the database.
    await checkTenants(t0 + 61_000);
    const events = await db().notificationEvent.findMany({ where: { kind: 'tenant.down' } });
    expect(events).toHaveLength(1);
    expect(events[0].state).toBe('open');
    // More rounds, and another restart, while it stays down: still one event.
    forgetTenantHealth();
    await checkTenantHealth();
    await checkTenants(t0 + 90_000);
    await checkTenants(t0 + 120_000);
    expect(await db().notificationEvent.count({ where: { kind: 'tenant.down' } })).toBe(1);
    const [down] = await until('the down message', () => (downMessages().length ? downMessages() : undefined));
    expect(down).toMatchObject({ event: 'tenant.down', phase: 'raised', signatureOk: true });
    expect(down.subject).toContain(sub);
    expect(down.text).toMatch(/management: GET \/api\/instance/);
  });

  it('sends one "recovered" once the tenant answers again, and forgets the clock', async () => {
    await reconnectManagement();
    await until('management answering again', async () => {
      await checkTenantHealth();
      return tenantHealth().failing.has(customerId) ? undefined : true;
    });
    await checkTenants(Date.now());
    await checkTenants(Date.now() + 3_000);
    // Every message is a delivery row made when the event opened or closed: two rows, both sent, is all there will be.
    const rows = await until('both deliveries sent', async () => {
      const all = await db().notificationDelivery.findMany({ where: { event: { kind: 'tenant.down' } } });
      return all.length >= 2 && all.every((d) => d.state === 'sent') ? all : undefined;
    });
    expect(rows).toHaveLength(2);
    expect(downMessages().map((m) => [m.phase, m.signatureOk])).toEqual([
      ['raised', true],
      ['resolved', true],
    ]);
    expect(await db().notificationPending.count()).toBe(0);
    expect(hook.received.every((m) => !m.raw.includes(SECRET))).toBe(true);
  });
});
