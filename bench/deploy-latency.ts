/**
 * Deploy latency: POST /api/customers?wait=true until the customer is active (five containers
 * healthy, owner created, proxy host at the fake NPM) for one customer, a burst at once and a
 * series in a row; beside it the floor of the same five containers created and started straight
 * through the Docker API in parallel, and `docker compose up -d` of the rendered file if present.
 *   npx tsx bench/deploy-latency.ts [--singles 3] [--burst 5] [--series 20]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startAppliance, type Appliance } from './lib/appliance';
import { deployAndTime, meanStepTimes, verifyActive, type DeployOutcome } from './lib/customers';
import { removeBenchStack } from './lib/docker';
import { composeBinary, prepareFloorStack, runComposeFloor, runDockerFloor, writeFloorFiles, type FloorTiming } from './lib/floor';
import { formatMs, mean, median, percentile, printTable, section } from './lib/report';

const { values } = parseArgs({ options: { singles: { type: 'string', default: '3' }, burst: { type: 'string', default: '5' }, series: { type: 'string', default: '20' } } });
const SINGLES = Number(values.singles);
const BURST = Number(values.burst);
const SERIES = Number(values.series);

async function deployVerified(app: Appliance, sub: string): Promise<DeployOutcome> {
  const d = await deployAndTime(app, sub);
  await verifyActive(app, d);
  return d;
}

async function floorOnce(app: Appliance, dir: string, index: number, run: (s: ReturnType<typeof prepareFloorStack>) => Promise<FloorTiming>): Promise<FloorTiming> {
  const spec = prepareFloorStack(dir, app.runId, index, app.proxyNetwork);
  await writeFloorFiles(spec);
  try {
    return await run(spec);
  } finally {
    await removeBenchStack(spec.subdomain);
  }
}

const total = (f: FloorTiming) => f.createStartMs + f.healthMs;

async function main(): Promise<void> {
  section('Deploy latency', 'appliance: POST /api/customers?wait=true → job succeeded and customer verified active; floor: same spec and create options through the Docker API, all five in parallel, then the same HTTP health probes (every 25 ms).');
  const app = await startAppliance({ deploy_concurrency: Math.max(BURST, 3) });
  const floorDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbmsp-bench-floor-'));
  try {
    // The first deploy after start-up loads the deploy code and warms the engine's image cache; it is shown, not counted.
    const warm = await deployVerified(app, app.subdomain('warm'));
    await removeBenchStack(warm.subdomain);
    console.log(`warm-up deploy: ${formatMs(warm.ms)}`);

    // Ours and the floor alternate, so a neighbour's load on the shared host falls on both alike.
    const singles: DeployOutcome[] = [];
    const floors: FloorTiming[] = [];
    const phasedFloors: FloorTiming[] = [];
    for (let i = 0; i < SINGLES; i++) {
      const d = await deployVerified(app, app.subdomain(`one${i}`));
      singles.push(d);
      await removeBenchStack(d.subdomain);
      floors.push(await floorOnce(app, floorDir, i, (s) => runDockerFloor(s)));
      phasedFloors.push(await floorOnce(app, floorDir, 30 + i, (s) => runDockerFloor(s, true)));
    }

    const burstStart = performance.now();
    const burst = await Promise.all(Array.from({ length: BURST }, (_, i) => deployVerified(app, app.subdomain(`burst${i}`))));
    const burstWall = performance.now() - burstStart;
    for (const d of burst) await removeBenchStack(d.subdomain);
    const floorBurstStart = performance.now();
    const floorBurst = await Promise.all(Array.from({ length: BURST }, (_, i) => floorOnce(app, floorDir, 10 + i, (s) => runDockerFloor(s))));
    const floorBurstWall = floorBurst.reduce((m, f) => Math.max(m, total(f)), 0);
    console.log(`floor burst wall time incl. removal: ${formatMs(performance.now() - floorBurstStart)}`);

    const compose = composeBinary();
    const composeRuns: FloorTiming[] = [];
    if (compose) for (let i = 0; i < SINGLES; i++) composeRuns.push(await floorOnce(app, floorDir, 20 + i, (s) => runComposeFloor(s, compose)));

    // The series keeps every stack; each network takes a /28 of the appliance's docker_subnet_pool.
    const series: DeployOutcome[] = [];
    for (let i = 0; i < SERIES; i++) series.push(await deployVerified(app, app.subdomain(`row${i}`)));

    // The floor again with the series' stacks present: is the host slower with 100 containers,
    // and how much of that is the appliance's own background work (resource sampling) on the engine?
    const floorsAfter: FloorTiming[] = [];
    for (let i = 0; i < SINGLES; i++) floorsAfter.push(await floorOnce(app, floorDir, 40 + i, (s) => runDockerFloor(s)));
    const floorsPaused: FloorTiming[] = [];
    process.kill(app.serverPid, 'SIGSTOP');
    try {
      // Engine calls the server had in flight finish meanwhile.
      await new Promise((r) => setTimeout(r, 3000));
      for (let i = 0; i < SINGLES; i++) floorsPaused.push(await floorOnce(app, floorDir, 50 + i, (s) => runDockerFloor(s)));
    } finally {
      process.kill(app.serverPid, 'SIGCONT');
    }

    const floorOne = median(floors.map((f) => f.createStartMs)) + median(floors.map((f) => f.healthMs));
    const floorAfter = median(floorsAfter.map((f) => f.createStartMs)) + median(floorsAfter.map((f) => f.healthMs));
    const ms = (l: DeployOutcome[]) => l.map((d) => d.ms);
    printTable('Deploy latency: appliance vs Docker floor', ['scenario', 'appliance', 'floor create+start', 'floor health wait', 'floor total', 'ratio'], [
      [`1 customer (median of ${SINGLES})`, formatMs(median(ms(singles))), formatMs(median(floors.map((f) => f.createStartMs))), formatMs(median(floors.map((f) => f.healthMs))), formatMs(floorOne), `${(median(ms(singles)) / floorOne).toFixed(2)}×`],
      [`${BURST} at once (slowest; wall)`, `${formatMs(Math.max(...ms(burst)))}; ${formatMs(burstWall)}`, formatMs(Math.max(...floorBurst.map((f) => f.createStartMs))), formatMs(Math.max(...floorBurst.map((f) => f.healthMs))), formatMs(floorBurstWall), `${(burstWall / floorBurstWall).toFixed(2)}×`],
      [`${SERIES} in a row (p50 / p95 / max)`, `${formatMs(median(ms(series)))} / ${formatMs(percentile(ms(series), 95))} / ${formatMs(Math.max(...ms(series)))}`, formatMs(median(floorsAfter.map((f) => f.createStartMs))), formatMs(median(floorsAfter.map((f) => f.healthMs))), formatMs(floorAfter), `${(median(ms(series)) / floorAfter).toFixed(2)}×`],
      [`floor with the ${SERIES} stacks present, appliance paused`, '', formatMs(median(floorsPaused.map((f) => f.createStartMs))), formatMs(median(floorsPaused.map((f) => f.healthMs))), formatMs(median(floorsPaused.map(total))), ''],
      ...(compose
        ? [[`docker-compose up -d (median of ${SINGLES})`, '', formatMs(median(composeRuns.map((f) => f.createStartMs))), formatMs(median(composeRuns.map((f) => f.healthMs))), formatMs(median(composeRuns.map(total))), `appliance is ${(median(composeRuns.map(total)) / median(ms(singles))).toFixed(2)}× faster`]]
        : [['docker compose', 'no compose binary on this machine (Debian: apt-get install docker-compose)', '', '', '', '']]),
    ]);
    const singleStart = meanStepTimes(singles).get('start') ?? Number.NaN;
    printTable('The start step against the floor (median start calls only)', ['what', 'time'], [
      ['floor: five starts at once', formatMs(median(floors.map((f) => f.startMs)))],
      ['floor: four services, then Caddy (the order startStack used before)', formatMs(median(phasedFloors.map((f) => f.startMs)))],
      ['appliance: start step (mean)', formatMs(singleStart)],
    ]);
    const steps = [meanStepTimes(singles), meanStepTimes(burst), meanStepTimes(series)];
    printTable('Where the appliance spends a deploy (mean per job step, from GET /api/customers/{id}/jobs)', ['step', '1 customer', `${BURST} at once`, `${SERIES} in a row`], [
      ...[...steps[0].keys()].map((name) => [name, ...steps.map((s) => formatMs(s.get(name) ?? Number.NaN))]),
    ]);
    const head = ms(series).slice(0, 5);
    const tail = ms(series).slice(-5);
    console.log(`\nseries trend: first 5 mean ${formatMs(mean(head))}, last 5 mean ${formatMs(mean(tail))} (${SERIES} stacks = ${SERIES * 5} containers running at the end)`);
  } finally {
    fs.rmSync(floorDir, { recursive: true, force: true });
    await app.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exitCode = 1;
});
