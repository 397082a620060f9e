import { RUN_ID, prepareStackTest, removeTmp } from './harness';
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../lib/auth/actor';
import { db } from '../../lib/db';
import { engineFor, localEngine } from '../../lib/docker/engine';
import { listTenantContainers } from '../../lib/docker/list-containers';
import { stopStack } from '../../lib/docker/stack-containers';
import { ensureProxyForTenant } from '../../lib/jobs/proxy-step';
import { deployStack } from '../../lib/netbird/deploy-stack';
import { targetSpec } from '../../lib/moves/move-target';
import { recoverInterruptedMoves } from '../../lib/moves/recover-moves';
import { rollBack } from '../../lib/moves/roll-back';
import { loadStackSpec } from '../../lib/netbird/load-stack-spec';
import type { TenantStackSpec } from '../../lib/netbird/stack-spec';
import { getSettings, storeSettings } from '../../lib/settings/store';
import { startFakeNpm, type FakeNpm } from '../fakes/fake-npm';
import { removeByCustomer } from './docker-helpers';

/**
 * The way back from a move whose target died, on the real local engine: the target is a host
 * record whose engine does not answer (nothing listens on its port). The rollback and the
 * restart recovery must point NPM back at the source and start it, whatever the target does;
 * what they could not remove there is named. One tenant, shared by every test in order.
 */
const local = localEngine();
const proxyNetwork = `netbird-msp-test-${RUN_ID}`;
const subdomain = `mvr-${RUN_ID}`;
const DEAD_ADDRESS = '10.250.0.99';
let npm: FakeNpm;
let customerId = '';
let deadId = '';
let moves = 0;

const running = async () => (await listTenantContainers(local, customerId)).filter((c) => c.state === 'running').map((c) => c.service).sort();
const proxyHost = () => npm.state.liveHosts().find((h) => h.domain_names.includes(`${subdomain}.msp.example.com`));

/** A move row as the job writes it, and the stack the move would have made on the dead host. */
async function interruptedMove(state: 'queued' | 'running', from: string, to: string): Promise<{ id: string; deadSpec: TenantStackSpec }> {
  const row = await db().tenantMove.create({
    data: { jobId: `job-mvr-${++moves}`, customerId, fromHostId: from, toHostId: to, fromDashboardPort: 1, fromRelayPort: 1, state, toDashboardPort: 18080, toRelayPort: 13478 },
  });
  return { id: row.id, deadSpec: await targetSpec(customerId, deadId, { dashboardPort: 18080, relayPort: 13478 }, row.id) };
}

/** The cut-over and the proxy switch happened: the source is stopped and NPM forwards to the dead target. */
async function switchedToDeadTarget(deadSpec: TenantStackSpec): Promise<void> {
  await stopStack(local, await loadStackSpec(customerId));
  await ensureProxyForTenant(deadSpec, await getSettings());
  expect(proxyHost()?.forward_host).toBe(DEAD_ADDRESS);
  expect(await running()).toEqual([]);
}

async function expectBackOnSource(): Promise<void> {
  const d = await db().deployment.findUniqueOrThrow({ where: { customerId } });
  expect(d.hostId).toBe('local');
  expect(await running()).toEqual(['caddy', 'dashboard', 'management', 'relay', 'signal']);
  expect(proxyHost()).toMatchObject({ forward_host: '127.0.0.1', forward_port: d.dashboardPort });
}

beforeAll(async () => {
  npm = await startFakeNpm({ email: 'automation@msp.example.com', password: 'npm-automation-secret' });
  await prepareStackTest(proxyNetwork);
  await storeSettings({ base_domain: 'msp.example.com', npm_api_url: npm.url, npm_api_email: 'automation@msp.example.com', npm_api_password: 'npm-automation-secret', ssl_mode: 'none' });
  const { createHost } = await import('../../lib/hosts/manage-hosts');
  // Nothing listens on port 1: every call is refused, as by a host that died.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  deadId = (await createHost(SYSTEM_ACTOR, { name: `mvr-dead-${RUN_ID}`, endpoint: 'ssh://nobody@127.0.0.1:1', ssh_private_key: privateKey, public_address: DEAD_ADDRESS })).id;
  const c = await db().customer.create({ data: { name: subdomain, subdomain, email: `owner@${subdomain}.example`, maxDevices: 5, status: 'active' } });
  customerId = c.id;
  const { spec } = await deployStack(c.id, { healthTimeoutMs: 60_000 });
  await ensureProxyForTenant(spec, await getSettings());
}, 300_000);

afterAll(async () => {
  await removeByCustomer(customerId ? [customerId] : [], [`netbird-${subdomain}`, proxyNetwork]);
  await npm?.stop();
  removeTmp();
});

describe('a rollback after the target died', () => {
  it('points NPM back, starts the source and names what stayed on the target instead of failing', async () => {
    const { id, deadSpec } = await interruptedMove('running', 'local', deadId);
    await switchedToDeadTarget(deadSpec);
    const outcome = await rollBack({
      moveId: id, customer: { id: customerId, subdomain }, fromHostId: 'local', toHostId: deadId, source: local, target: engineFor(deadId),
      sourceSpec: await loadStackSpec(customerId), healthTimeoutMs: 60_000, stoppedAt: Date.now(), proxySwitched: true, targetStarted: deadSpec,
    });
    expect(outcome).toMatch(/target not stopped .*proxy host points at the source again, source running again, left on the target/);
    expect(outcome).toMatch(/ECONNREFUSED|refused/i);
    await expectBackOnSource();
    expect((await db().tenantMove.findUniqueOrThrow({ where: { id } })).downtimeMs).toBeGreaterThan(0);
    await db().tenantMove.update({ where: { id }, data: { state: 'failed' } });
  }, 180_000);
});

describe('recovering moves the appliance died in', () => {
  for (const phase of ['queued', 'after the proxy switch'] as const) {
    it(`before the record (${phase}): NPM points at the source again and it runs, though the target does not answer`, async () => {
      const { id, deadSpec } = await interruptedMove(phase === 'queued' ? 'queued' : 'running', 'local', deadId);
      if (phase !== 'queued') await switchedToDeadTarget(deadSpec);
      expect(await recoverInterruptedMoves()).toBe(1);
      const row = await db().tenantMove.findUniqueOrThrow({ where: { id } });
      expect(row.state).toBe('failed');
      expect(row.error).toMatch(/started again on its source host \(left on the target, remove when it answers again/);
      await expectBackOnSource();
    }, 180_000);
  }

  it('after the record: the move counts as done though its old host does not answer', async () => {
    // Recorded onto the local engine, from the host that died: only its leftovers could not go.
    const { id } = await interruptedMove('running', deadId, 'local');
    expect(await recoverInterruptedMoves()).toBe(1);
    const row = await db().tenantMove.findUniqueOrThrow({ where: { id } });
    expect([row.state, row.error]).toEqual(['succeeded', null]);
    await expectBackOnSource();
  }, 60_000);
});
