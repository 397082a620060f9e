import { ADMIN_PASSWORD, type Appliance } from './appliance';
import { runLoad, type LoadResult } from './load';
import { gatherFromCgroups, gatherOneShot } from './gather-variants';
import { formatMs, printTable } from './report';
import { useServerEnv } from './server-env';

/** The present gather is stopped being waited for after this; the figure is then projected from its progress. */
const GATHER_CAP_MS = 120_000;

export interface MonitoringFigures {
  concurrency: number;
  currentMs: number | null;
  currentContainers: number;
  /** Stats calls answered before the cap, and the running containers there were. */
  progress: { done: number; total: number };
  cgroups: { ms: number; containers: number; found: number };
  oneShot: { concurrency: number; ms: number; containers: number }[];
  apiIdle?: LoadResult;
  apiDuringGather: LoadResult;
}

/**
 * The resource gather for every tenant container: lib/docker/stats `getAllTenantFigures` as the
 * sampler calls it (its concurrency), timed in this process against the same engine, while 20
 * clients load GET /api/customers on the server; then the one-shot variant for comparison.
 */
export async function measureMonitoring(app: Appliance, seconds = 20, apiIdle?: LoadResult): Promise<MonitoringFigures> {
  useServerEnv(app);
  const { getAllTenantFigures } = await import('../../lib/docker/stats');
  const { dockerClient } = await import('../../lib/docker/client');
  // Counts answered stats calls, so a gather stopped at the cap still says how far it got.
  const client = dockerClient();
  const getContainer = client.getContainer.bind(client);
  let done = 0;
  client.getContainer = ((id: string) => {
    const container = getContainer(id);
    const stats = container.stats.bind(container) as (o: object) => Promise<unknown>;
    container.stats = ((o: object) => stats(o).finally(() => done++)) as typeof container.stats;
    return container;
  }) as typeof client.getContainer;
  let concurrency = 10;
  try {
    concurrency = (await import('../../lib/monitoring/sampler')).STATS_CONCURRENCY;
  } catch (err) {
    console.error(`no lib/monitoring sampler (${err instanceof Error ? err.message : String(err)}); using getAllTenantFigures' default of 10`);
  }
  const oneShot = [];
  for (const c of [concurrency, 32]) {
    const t = performance.now();
    const r = await gatherOneShot(c);
    oneShot.push({ concurrency: c, ms: performance.now() - t, containers: r.containers });
  }
  const tc = performance.now();
  const cg = await gatherFromCgroups();
  const cgroups = { ms: performance.now() - tc, containers: cg.containers, found: cg.found };
  const total = (await client.listContainers({ filters: { label: ['netbird-msp.customer'], status: ['running'] } })).length;
  const started = performance.now();
  const gather = getAllTenantFigures(concurrency).then((f) => ({ ms: performance.now() - started, n: f.length }));
  const token = (await app.admin.login('admin', ADMIN_PASSWORD)).token as string;
  const apiDuringGather = await runLoad(app.url, '/api/customers?per_page=100', { Authorization: `Bearer ${token}` }, 20, seconds);
  const capped = await Promise.race([gather, new Promise<null>((r) => setTimeout(() => r(null), GATHER_CAP_MS - (performance.now() - started)).unref())]);
  return { concurrency, currentMs: capped?.ms ?? null, currentContainers: capped?.n ?? 0, progress: { done, total }, cgroups, oneShot, apiIdle, apiDuringGather };
}

export function printMonitoringFigures(f: MonitoringFigures): void {
  const projected = f.progress.done ? (GATHER_CAP_MS / f.progress.done) * f.progress.total : Number.NaN;
  const current =
    f.currentMs === null
      ? `> ${GATHER_CAP_MS / 1000} s: ${f.progress.done}/${f.progress.total} done, ~${formatMs(projected)} projected`
      : formatMs(f.currentMs);
  printTable('Monitoring cost: resource figures for every tenant container', ['measure', 'time', 'containers', 'target'], [
    [`getAllTenantFigures(${f.concurrency}) — stats stream=false, as the sampler calls it`, current, f.currentMs === null ? f.progress.total : f.currentContainers, '< 5 s'],
    [`cgroup files after one list call (proposed fix, native install)`, formatMs(f.cgroups.ms), `${f.cgroups.found} of ${f.cgroups.containers}`, '< 5 s'],
    ...f.oneShot.map((o) => [`one-shot=true stats, ${o.concurrency} at a time (proposed fix)`, formatMs(o.ms), o.containers, '< 5 s']),
    [`GET /api/customers?per_page=100 p95 during that gather (20 clients, idle p95 ${f.apiIdle ? formatMs(f.apiIdle.p95) : 'n/a'})`, formatMs(f.apiDuringGather.p95), '', 'not blocked'],
    ['  p99 / max / errors during the gather', `${formatMs(f.apiDuringGather.p99)} / ${formatMs(f.apiDuringGather.max)} / ${f.apiDuringGather.errors + f.apiDuringGather.non2xx}`, '', ''],
  ]);
}
