import { ADMIN_PASSWORD, type Appliance } from './appliance';
import { runLoad, type LoadResult } from './load';
import { gatherFromCgroups, gatherFromEngine } from './gather-variants';
import { formatMs, printTable } from './report';
import { useServerEnv } from './server-env';

/** The engine-stats gather (the former method) is stopped being waited for after this; its time is then projected. */
const OLD_GATHER_CAP_MS = 60_000;

export interface MonitoringFigures {
  concurrency: number;
  /** getAllTenantFigures as the sampler calls it: cold (no earlier reading) and warm. */
  coldMs: number;
  warmMs: number;
  containers: number;
  withCpu: number;
  cgroups: { ms: number; containers: number; found: number };
  old: { ms: number | null; done: number; total: number };
  apiIdle?: LoadResult;
  apiDuringGather: LoadResult;
  gathersDuringLoad: number;
}

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await run();
  return { ms: performance.now() - t, value };
}

/**
 * The resource gather for every tenant container: lib/docker/stats `getAllTenantFigures` with the
 * sampler's concurrency, timed in this process against the same engine; beside it the floor
 * (cgroup files after one list call, no engine round trip per container) and the former
 * engine-stats gather. Then 20 clients load GET /api/customers while gathers run back to back.
 */
export async function measureMonitoring(app: Appliance, seconds = 20, apiIdle?: LoadResult): Promise<MonitoringFigures> {
  useServerEnv(app);
  const { getAllTenantFigures } = await import('../../lib/docker/stats');
  const engine = (await import('../../lib/docker/engine')).localEngine();
  const { STATS_CONCURRENCY: concurrency } = await import('../../lib/monitoring/sampler');
  const cold = await timed(() => getAllTenantFigures(engine, concurrency));
  await new Promise((r) => setTimeout(r, 1_000));
  const warm = await timed(() => getAllTenantFigures(engine, concurrency));
  const cg = await timed(gatherFromCgroups);
  const oldRun = gatherFromEngine(concurrency, true);
  const old = await Promise.race([
    timed(() => oldRun.done).then((r) => r.ms),
    new Promise<null>((r) => setTimeout(() => r(null), OLD_GATHER_CAP_MS).unref()),
  ]);
  oldRun.stop();
  await oldRun.done.catch(() => undefined);
  const token = (await app.admin.login('admin', ADMIN_PASSWORD)).token as string;
  let gathersDuringLoad = 0;
  let loading = true;
  const gathers = (async () => {
    while (loading) {
      await getAllTenantFigures(engine, concurrency);
      gathersDuringLoad++;
    }
  })();
  const apiDuringGather = await runLoad(app.url, '/api/customers?per_page=100', { Authorization: `Bearer ${token}` }, 20, seconds);
  loading = false;
  await gathers;
  return {
    concurrency,
    coldMs: cold.ms,
    warmMs: warm.ms,
    containers: warm.value.length,
    withCpu: warm.value.filter((f) => f.cpuPercent > 0).length,
    cgroups: { ms: cg.ms, containers: cg.value.containers, found: cg.value.found },
    old: { ms: old, done: oldRun.progress.done, total: oldRun.progress.total },
    apiIdle,
    apiDuringGather,
    gathersDuringLoad,
  };
}

export function printMonitoringFigures(f: MonitoringFigures): void {
  const oldTime =
    f.old.ms === null
      ? `> ${OLD_GATHER_CAP_MS / 1000} s (${f.old.done}/${f.old.total} in ${OLD_GATHER_CAP_MS / 1000} s → ~${formatMs((OLD_GATHER_CAP_MS / Math.max(1, f.old.done)) * f.old.total)})`
      : formatMs(f.old.ms);
  printTable('Monitoring cost: resource figures for every tenant container', ['measure', 'time', 'containers', 'target'], [
    [`getAllTenantFigures(${f.concurrency}) as the sampler calls it (kernel counters), first gather`, formatMs(f.coldMs), f.containers, '< 5 s'],
    [`same, next gather (CPU from the previous reading; ${f.withCpu} with CPU > 0)`, formatMs(f.warmMs), f.containers, '< 5 s'],
    ['floor: memory files only, read synchronously after one list call', formatMs(f.cgroups.ms), `${f.cgroups.found} of ${f.cgroups.containers}`, ''],
    [`former gather: engine stats one-shot=true, ${f.concurrency} at a time`, oldTime, f.old.total, ''],
    [`GET /api/customers?per_page=100 p95, 20 clients, gathers back to back (${f.gathersDuringLoad} gathers; idle p95 ${f.apiIdle ? formatMs(f.apiIdle.p95) : 'n/a'})`, formatMs(f.apiDuringGather.p95), '', 'not blocked'],
    ['  p99 / max / errors during the gathers', `${formatMs(f.apiDuringGather.p99)} / ${formatMs(f.apiDuringGather.max)} / ${f.apiDuringGather.errors + f.apiDuringGather.non2xx}`, '', ''],
  ]);
}
