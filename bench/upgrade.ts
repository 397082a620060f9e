/**
 * Fleet upgrade: N tenants (stand-ins) upgraded by one plan (canary 1, waves, parallel),
 * then a bad image on a few of them that fails its migration and is rolled back with its data.
 * Figures: the plan's wall time, per-tenant downtime (p50/p95: old containers stopped → new
 * stack healthy), rollback time, beside the floor of swapping the same management containers
 * directly through the Docker API (stop, remove, create with the new image, start, answering).
 *   npx tsx bench/upgrade.ts [--tenants 50] [--wave 10] [--parallel 5] [--bad 3]
 */
import { allowServerModules } from './lib/server-modules';
import { parseArgs } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { RUN_ID, TMP, removeTmp } from '../tests/docker/harness';
import { deployFleet, imagesWith, managementDataDir, managementImage, prepareFleet, removeVariants, TAG } from '../tests/docker/fleet-fixture';
import { describeMachine, formatMs, percentile, printTable, section } from './lib/report';
import { docker } from './lib/docker';

allowServerModules();
const { values } = parseArgs({ options: { tenants: { type: 'string', default: '50' }, wave: { type: 'string', default: '10' }, parallel: { type: 'string', default: '5' }, bad: { type: 'string', default: '3' } } });
const N = Number(values.tenants);
const WAVE = Number(values.wave);
const PARALLEL = Number(values.parallel);
const BAD = Math.min(Number(values.bad), N);

const proxyNetwork = `netbird-msp-bench-${RUN_ID}`;
const tenants: { id: string; sub: string }[] = [];

async function runPlan(body: Record<string, unknown>): Promise<{ wallMs: number; rows: { state: string; downtimeMs: number | null; rollbackMs: number | null }[]; state: string }> {
  const { SYSTEM_ACTOR } = await import('../lib/auth/actor');
  const { createPlan } = await import('../lib/fleet/create-plan');
  const { planSchema } = await import('../lib/fleet/plan-schema');
  const { planLoopDone } = await import('../lib/fleet/run-plan');
  const { db } = await import('../lib/db');
  const started = Date.now();
  const plan = await createPlan(SYSTEM_ACTOR, planSchema.parse(body));
  if (!('id' in plan)) throw new Error('expected a plan');
  if (!(await planLoopDone(plan.id, 3 * 3600_000))) throw new Error('plan did not finish');
  const wallMs = Date.now() - started;
  const row = await db().upgradePlan.findUniqueOrThrow({ where: { id: plan.id }, include: { tenants: true } });
  return { wallMs, state: row.state, rows: row.tenants };
}

/** The floor: one tenant's management swapped straight through the Docker API, until it answers again. */
async function directSwap(sub: string, image: string): Promise<number> {
  const d = docker();
  const name = `netbird-${sub}-management`;
  const old = await d.getContainer(name).inspect();
  const started = Date.now();
  await d.getContainer(old.Id).stop({ t: 10 });
  await d.getContainer(old.Id).remove();
  const created = await d.createContainer({ ...old.Config, name, Image: image, HostConfig: old.HostConfig, NetworkingConfig: { EndpointsConfig: old.NetworkSettings.Networks } });
  await created.start();
  const port = Number(Object.values((await d.getContainer(`netbird-${sub}-caddy`).inspect()).NetworkSettings.Ports ?? {}).flat()[0]?.HostPort);
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/instance`, { signal: AbortSignal.timeout(1000) }).then((r) => r.status === 200, () => false);
    if (ok) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${sub} did not answer after the direct swap`);
}

async function pool<T>(items: T[], width: number, run: (item: T) => Promise<number>): Promise<number[]> {
  const queue = [...items];
  const out: number[] = [];
  await Promise.all(Array.from({ length: width }, async () => {
    for (let x = queue.shift(); x !== undefined; x = queue.shift()) out.push(await run(x));
  }));
  return out;
}

async function main(): Promise<void> {
  section('Fleet upgrade', `${N} stand-in tenants, canary 1 + waves of ${WAVE}, ${PARALLEL} at once, soak 0; ${describeMachine()}`);
  await prepareFleet(proxyNetwork, path.join(TMP, 'repo'));
  // The test harness's port block holds 25 tenants; a bench of N needs N of each kind.
  const { storeSettings } = await import('../lib/settings/store');
  const base = 20_000 + Math.floor(Math.random() * 20) * 600;
  await storeSettings({ dashboard_port_start: base, dashboard_port_end: base + 299, relay_port_start: base + 300, relay_port_end: base + 599 });
  const deployStarted = Date.now();
  await deployFleet(N, tenants);
  console.log(`deployed ${N} tenants in ${formatMs(Date.now() - deployStarted)}`);

  const good = await runPlan({ images: imagesWith(`${TAG}-good`), canary: 1, wave_size: WAVE, parallel: PARALLEL, soak_seconds: 0, failure_budget: 1 });
  const down = good.rows.map((r) => r.downtimeMs ?? 0);

  const victims = tenants.slice(0, BAD);
  for (const t of victims) fs.writeFileSync(path.join(managementDataDir(t.sub), 'standin-refuse-upgrade'), '');
  const bad = await runPlan({ images: imagesWith(`${TAG}-bad`), customer_ids: victims.map((t) => t.id), canary: 0, wave_size: BAD, parallel: PARALLEL, soak_seconds: 0, failure_budget: BAD });
  const rollbacks = bad.rows.filter((r) => r.state === 'rolled_back').map((r) => r.rollbackMs ?? 0);
  for (const t of victims) fs.rmSync(path.join(managementDataDir(t.sub), 'standin-refuse-upgrade'));

  const floorStarted = Date.now();
  const floor = await pool(tenants.map((t) => t.sub), PARALLEL, (sub) => directSwap(sub, managementImage(`${TAG}-v3`)));
  const floorWall = Date.now() - floorStarted;

  printTable('Fleet upgrade (shared, loaded machine: figures are noisy)', ['what', 'wall', 'p50', 'p95', 'n'], [
    [`plan ${good.state}: snapshot + swap + gate per tenant`, formatMs(good.wallMs), formatMs(percentile(down, 50)), formatMs(percentile(down, 95)), down.length],
    [`rollback with data (${bad.state})`, formatMs(bad.wallMs), formatMs(percentile(rollbacks, 50)), formatMs(percentile(rollbacks, 95)), rollbacks.length],
    ['floor: direct Docker API swap of management', formatMs(floorWall), formatMs(percentile(floor, 50)), formatMs(percentile(floor, 95)), floor.length],
  ]);
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(async () => {
    const ids = tenants.map((t) => t.id);
    const d = docker();
    for (const id of ids) {
      const list = await d.listContainers({ all: true, filters: { label: [`netbird-msp.customer=${id}`] } });
      await Promise.all(list.map((c) => d.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
    }
    for (const t of tenants) await d.getNetwork(`netbird-${t.sub}`).remove().catch(() => undefined);
    await d.getNetwork(proxyNetwork).remove().catch(() => undefined);
    await removeVariants();
    removeTmp();
  });
