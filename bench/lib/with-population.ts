import { parseArgs } from 'node:util';
import { rssBytes, startAppliance, type Appliance } from './appliance';
import { memAvailable } from './measure-footprint';
import { setupPopulation, type Population } from './population';
import { formatMs, section } from './report';

export interface ScaleOptions {
  total: number;
  deployed: number;
  concurrency: number;
  seconds: number;
  deadlineMin: number;
  /** bench/soak.ts: how long the mixed load runs. */
  minutes: number;
  /** bench/soak.ts: minutes of the same load and churn before minute 1, not counted. */
  warmup: number;
  /** bench/soak.ts: clients back to back (capacity) instead of paced (latency). */
  closed: boolean;
}

/** --total 500 --deployed 200 --concurrency 4 --seconds 30, the scale (about one deploy per core plus two: more only queues inside the engine); smaller for a quick check. */
export function parseScaleArgs(defaults: { deployed?: number } = {}): ScaleOptions {
  const { values } = parseArgs({
    options: {
      total: { type: 'string', default: '500' },
      deployed: { type: 'string', default: String(defaults.deployed ?? 200) },
      minutes: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '1' },
      concurrency: { type: 'string', default: '4' },
      seconds: { type: 'string', default: '30' },
      'deadline-min': { type: 'string', default: '30' },
      closed: { type: 'boolean', default: false },
    },
  });
  const o = { total: Number(values.total), deployed: Number(values.deployed), concurrency: Number(values.concurrency), seconds: Number(values.seconds), deadlineMin: Number(values['deadline-min']), minutes: Number(values.minutes), warmup: Number(values.warmup), closed: values.closed };
  if (!(o.minutes > 0 && o.warmup >= 0 && o.deployed >= 1 && o.total >= o.deployed && o.concurrency >= 1 && o.concurrency <= 20 && o.seconds >= 1)) {
    throw new Error('need --minutes > 0, --warmup ≥ 0, 1 ≤ --deployed ≤ --total, 1 ≤ --concurrency ≤ 20, --seconds ≥ 1');
  }
  return o;
}

export interface ScaleContext {
  app: Appliance;
  pop: Population;
  opts: ScaleOptions;
  /** server.js RSS right after start-up, before any customer existed. */
  rssFresh: number;
  /** Host MemAvailable lost per deployed tenant. */
  hostBytesPerTenant: number;
}

/**
 * Starts the appliance, fills it with `total` customers of which `deployed` really run, hands
 * it to `measure`, and always removes everything again, whatever `measure` did.
 */
export async function withPopulation(title: string, method: string, measure: (ctx: ScaleContext) => Promise<void>, defaults: { deployed?: number } = {}): Promise<void> {
  const opts = parseScaleArgs(defaults);
  section(title, `${method} Population: ${opts.total} customers, ${opts.deployed} deployed with stand-in images (${opts.deployed * 5} containers), deploy_concurrency ${opts.concurrency}.`);
  const before = memAvailable();
  const app = await startAppliance();
  try {
    const rssFresh = rssBytes(app.serverPid);
    const pop = await setupPopulation(app, opts.total, opts.deployed, opts.concurrency, opts.deadlineMin * 60_000);
    const hostBytesPerTenant = (before - memAvailable()) / opts.deployed;
    console.log(`\npopulation ready: ${pop.active}/${opts.deployed} deployed and active in ${formatMs(pop.deployWallMs)} (${formatMs(pop.deployWallMs / Math.max(1, pop.active))} per tenant at concurrency ${opts.concurrency}), ${pop.pending} pending customers inserted`);
    if (pop.retried.length) console.log(`deploys retried after a failure (${pop.retried.length}): ${pop.retried.join('; ')}`);
    await measure({ app, pop, opts, rssFresh, hostBytesPerTenant });
    const exits = app.serverExits();
    if (exits.length) console.error(`\nTHE SERVER DIED ${exits.length} time(s) during the run (restarted by its supervisor):\n${exits.join('\n')}`);
  } finally {
    await app.stop();
  }
}

/**
 * Runs a bench and ends the process when it is done: lib/ code loaded in-process (database
 * client, remote engines' connections) would otherwise keep it alive after its cleanup.
 */
export function runMain(main: () => Promise<void>): void {
  main()
    .catch((err: unknown) => {
      console.error(err instanceof Error ? err.stack : err);
      process.exitCode = 1;
    })
    .finally(() => process.exit());
}
