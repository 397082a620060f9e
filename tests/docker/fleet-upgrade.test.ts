import { RUN_ID, TMP, removeTmp } from './harness';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../lib/auth/actor';
import { encryptSecret } from '../../lib/crypto';
import { db } from '../../lib/db';
import { localEngine } from '../../lib/docker/engine';
import { listAllTenantContainers } from '../../lib/docker/list-containers';
import { createPlan, type DryRun } from '../../lib/fleet/create-plan';
import { readInventory } from '../../lib/fleet/inventory';
import { planSchema } from '../../lib/fleet/plan-schema';
import { readPlan, type PlanView } from '../../lib/fleet/plan-view';
import { pauseInterruptedPlans, settleInterruptedTenants } from '../../lib/fleet/recover-upgrades';
import { pinTenant } from '../../lib/fleet/pin-tenant';
import { planLoopDone } from '../../lib/fleet/run-plan';
import { setupOwner } from '../../lib/netbird/tenant-client';
import { refreshSnapshot } from '../../lib/status/snapshot';
import { recoverJobs } from '../../lib/jobs/recover-jobs';
import { recoverBackupsAfterCrash } from '../../lib/backups/recover-after-crash';
import { removeByCustomer } from './docker-helpers';
import { deployFleet, imagesWith, managementDataDir, managementImage, prepareFleet, readMarker, readSchema, removeVariants, TAG, baseImages } from './fleet-fixture';

/**
 * Fleet upgrades on the real engine with stand-ins: ten tenants shared by every test in order
 * (a bad image stopped at its failure budget, the peer gate, a good image for all, a crash).
 */
const proxyNetwork = `netbird-msp-test-${RUN_ID}`;
let tenants: { id: string; sub: string }[] = [];

const FINAL = ['succeeded', 'stopped', 'aborted', 'paused'];
/** Plans walk many tenants on a shared, busy engine; every wait inside a test is bounded on its own. */
const PLAN_TEST_MS = 900_000;

async function waitForPlan(id: string, timeoutMs = 840_000): Promise<PlanView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const plan = await readPlan(id);
    if (FINAL.includes(plan.state)) return plan;
    if (Date.now() > deadline) throw new Error(`plan ${id} still ${plan.state}: ${JSON.stringify(plan.counts)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function running(): Promise<Map<string, { image: string; id: string; state: string; service: string }[]>> {
  const all = await listAllTenantContainers(localEngine());
  return new Map(tenants.map((t) => [t.id, (all.get(t.id) ?? []).map((c) => ({ image: c.image, id: c.id, state: c.state, service: c.service }))]));
}

function managementOf(list: { image: string; service: string }[] | undefined): string | undefined {
  return list?.find((c) => c.service === 'management')?.image;
}

function tenantsOf(plan: PlanView) {
  return plan.waves.flatMap((w) => w.tenants);
}

beforeAll(async () => {
  await prepareFleet(proxyNetwork, path.join(TMP, 'repo'));
  await deployFleet(10, tenants);
  await refreshSnapshot();
}, 600_000);

afterAll(async () => {
  // A plan a failed test left running must not create containers while they are removed.
  const live = await db().upgradePlan.findMany({ where: { state: { in: ['running', 'paused'] } }, select: { id: true } });
  await db().upgradePlan.updateMany({ where: { id: { in: live.map((p) => p.id) } }, data: { state: 'aborted' } });
  for (const p of live) await planLoopDone(p.id, 300_000);
  await removeByCustomer(tenants.map((t) => t.id), [...tenants.map((t) => `netbird-${t.sub}`), proxyNetwork]);
  await removeVariants();
  removeTmp();
});

describe('fleet upgrades', () => {
  it('inventory reads what the engine runs; a plan needs valid input and a tenant that is behind', async () => {
    const inv = await readInventory();
    const ours = inv.tenants.filter((t) => tenants.some((x) => x.id === t.customer_id));
    expect(ours).toHaveLength(10);
    expect(ours.every((t) => t.version === TAG && !t.behind && !t.pinned)).toBe(true);
    expect(() => planSchema.parse({ wave_size: 0 })).toThrow();
    // Everything is on the fleet default already: nothing to do, refused, nothing written.
    await expect(createPlan(SYSTEM_ACTOR, planSchema.parse({}))).rejects.toMatchObject({ code: 'UPGRADE_PLAN_EMPTY' });
    expect(await db().upgradePlan.count()).toBe(0);
  });

  it('a bad image failing in wave 2 rolls those tenants back with their data, and the plan stops at its budget', async () => {
    // parallel = wave size: the whole of wave 2 starts at once, so which of its tenants began before the
    // budget was reached does not depend on timing (with fewer workers, the third may start after one failure).
    const input = planSchema.parse({ images: imagesWith(`${TAG}-bad`), canary: 1, wave_size: 3, parallel: 3, soak_seconds: 0, failure_budget: 2, dry_run: true });
    const dry = (await createPlan(SYSTEM_ACTOR, input)) as DryRun;
    expect(dry.waves.map((w) => w.tenants.length)).toEqual([1, 3, 3, 3]);
    expect(dry.waves[0].canary).toBe(true);
    expect(await db().upgradePlan.count()).toBe(0);
    // The new version cannot migrate the stores of the first two tenants of wave 2.
    const doomed = dry.waves[2].tenants.slice(0, 2).map((t) => t.subdomain);
    for (const sub of doomed) fs.writeFileSync(path.join(managementDataDir(sub), 'standin-refuse-upgrade'), '');
    const before = await running();

    const created = (await createPlan(SYSTEM_ACTOR, { ...input, dry_run: false })) as PlanView;
    const plan = await waitForPlan(created.id);
    expect(plan.state).toBe('stopped');
    expect(plan.state_reason).toMatch(/budget/i);
    const rows = tenantsOf(plan);
    const after = await running();
    for (const row of rows) {
      const list = after.get(row.customer_id) ?? [];
      expect(list.filter((c) => c.state === 'running')).toHaveLength(5);
      const wave = plan.waves.find((w) => w.tenants.includes(row))?.wave;
      if (wave === 0 || wave === 1 || (wave === 2 && !doomed.includes(row.subdomain))) {
        expect(row.state).toBe('succeeded');
        expect(managementOf(list)).toBe(managementImage(`${TAG}-bad`));
        expect(row.downtime_ms).toBeGreaterThan(0);
      } else if (doomed.includes(row.subdomain)) {
        expect(row.state).toBe('rolled_back');
        expect(row.reason).toMatch(/crash|migrating/i);
        expect(row.rollback_ms).toBeGreaterThan(0);
        expect(managementOf(list)).toBe(baseImages.management);
        // The old version refuses a store the new one migrated: it runs only because the data came back.
        expect(readSchema(row.subdomain)).toBe('1');
        expect(readMarker(row.subdomain)).toBe(`data of ${row.subdomain}\n`);
        const job = await db().job.findUniqueOrThrow({ where: { id: row.job_id as string } });
        expect(job.kind).toBe('upgrade');
        expect(job.error).toMatch(/^Rolled back/);
      } else {
        // The wave after the budget was reached is untouched: same containers as before the plan.
        expect(wave).toBe(3);
        expect(row.state).toBe('skipped');
        expect(list.map((c) => c.id).sort()).toEqual((before.get(row.customer_id) ?? []).map((c) => c.id).sort());
      }
    }
    expect(await db().auditEvent.count({ where: { action: 'upgrade.plan', target: `upgrade:${plan.id}` } })).toBe(1);
    for (const sub of doomed) fs.rmSync(path.join(managementDataDir(sub), 'standin-refuse-upgrade'));
  }, PLAN_TEST_MS);

  it('the peer gate: peers that do not come back roll the tenant back; peers that do let it pass', async () => {
    const [a, b] = tenants.slice(8);
    for (const t of [a, b]) {
      const d = await db().deployment.findUniqueOrThrow({ where: { customerId: t.id } });
      const owner = await setupOwner(`http://127.0.0.1:${d.dashboardPort}`, { email: `o@${t.sub}.example`, password: 'owner-password-1', name: 'Owner', create_pat: true, pat_expire_in: 30 });
      await db().deployment.update({ where: { customerId: t.id }, data: { ownerToken: encryptSecret(owner.personal_access_token as string) } });
      const peers = [1, 2, 3, 4].map((i) => ({ id: `p${i}`, connected: true }));
      fs.writeFileSync(path.join(managementDataDir(t.sub), 'standin-peers.json'), JSON.stringify(peers));
    }
    const common = { canary: 0, soak_seconds: 0, failure_budget: 1, peer_fraction: 0.8, peer_timeout_seconds: 5 };
    const lost = await waitForPlan(((await createPlan(SYSTEM_ACTOR, planSchema.parse({ ...common, images: imagesWith(`${TAG}-nopeers`), customer_ids: [a.id] }))) as PlanView).id);
    const rowA = tenantsOf(lost)[0];
    expect(rowA.peers_before).toBe(4);
    expect(rowA.state).toBe('rolled_back');
    expect(rowA.reason).toMatch(/0 of 4 peers/);
    expect(managementOf((await running()).get(a.id))).toBe(baseImages.management);

    const back = await waitForPlan(((await createPlan(SYSTEM_ACTOR, planSchema.parse({ ...common, images: imagesWith(`${TAG}-good`), customer_ids: [b.id] }))) as PlanView).id);
    expect(back.state).toBe('succeeded');
    const job = await db().job.findUniqueOrThrow({ where: { id: tenantsOf(back)[0].job_id as string }, include: { steps: true } });
    expect(job.steps.find((s) => s.name === 'gate')?.message).toMatch(/4 of 4 peers/);
  }, PLAN_TEST_MS);

  it('a good image upgrades all ten with their data; a pinned tenant is left out', async () => {
    const pinned = tenants[7];
    await pinTenant(SYSTEM_ACTOR, pinned.id, { images: baseImages });
    const dry = (await createPlan(SYSTEM_ACTOR, planSchema.parse({ images: imagesWith(`${TAG}-good`), dry_run: true }))) as DryRun;
    expect(dry.excluded.find((e) => e.customer_id === pinned.id)?.reason).toBe('pinned');
    await db().tenantPin.delete({ where: { customerId: pinned.id } });

    const plan = await waitForPlan(((await createPlan(SYSTEM_ACTOR, planSchema.parse({ images: imagesWith(`${TAG}-good`), canary: 1, wave_size: 3, parallel: 3, soak_seconds: 1, failure_budget: 1 }))) as PlanView).id);
    expect(plan.state).toBe('succeeded');
    expect(tenantsOf(plan).every((t) => t.state === 'succeeded')).toBe(true);
    const after = await running();
    for (const t of tenants) {
      expect(managementOf(after.get(t.id))).toBe(managementImage(`${TAG}-good`));
      expect(after.get(t.id)?.filter((c) => c.state === 'running')).toHaveLength(5);
      expect(readMarker(t.sub)).toBe(`data of ${t.sub}\n`);
      expect(readSchema(t.sub)).toBe('2');
    }
    await refreshSnapshot();
    const inv = await readInventory();
    expect(inv.tenants.filter((t) => tenants.some((x) => x.id === t.customer_id)).every((t) => t.version === `${TAG}-good`)).toBe(true);
  }, PLAN_TEST_MS);

  it('kill -9 of the appliance mid-wave: after the restart every tenant runs, upgraded or rolled back', async () => {
    const child = spawn(path.join(process.cwd(), 'node_modules/.bin/tsx'), [path.join(__dirname, 'fleet-plan-child.ts'), JSON.stringify({ images: imagesWith(`${TAG}-v3`), canary: 0, wave_size: 10, parallel: 3, soak_seconds: 0, failure_budget: 5 })], {
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    try {
      const deadline = Date.now() + 120_000;
      while ((await db().upgradeTenant.count({ where: { state: { in: ['upgrading', 'health'] } } })) === 0) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no tenant reached the swap: ${output}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      process.kill(-(child.pid as number), 'SIGKILL');
    }
    await new Promise((r) => child.once('exit', r).unref?.());
    const inFlight = await db().upgradeTenant.count({ where: { state: { in: ['backup', 'upgrading', 'health', 'rolling_back'] } } });
    expect(inFlight).toBeGreaterThan(0);

    // What start-up does (lib/services.ts), in its order.
    const interrupted = await pauseInterruptedPlans();
    await recoverJobs();
    await recoverBackupsAfterCrash();
    await settleInterruptedTenants(interrupted);

    const after = await running();
    for (const t of tenants) {
      const list = after.get(t.id) ?? [];
      expect(list.filter((c) => c.state === 'running'), t.sub).toHaveLength(5);
      expect([managementImage(`${TAG}-good`), managementImage(`${TAG}-v3`)]).toContain(managementOf(list));
      expect(readMarker(t.sub)).toBe(`data of ${t.sub}\n`);
    }
    const plan = (await db().upgradePlan.findFirstOrThrow({ orderBy: { createdAt: 'desc' } })).id;
    const view = await readPlan(plan);
    expect(view.state).toBe('paused');
    expect(tenantsOf(view).filter((t) => ['backup', 'upgrading', 'health', 'rolling_back'].includes(t.state))).toHaveLength(0);
    // No upgrade job is left running.
    expect(await db().job.count({ where: { kind: 'upgrade', state: { in: ['queued', 'running'] } } })).toBe(0);
  }, PLAN_TEST_MS);
});
