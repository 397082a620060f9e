/**
 * More than one Docker host: the appliance's own engine and the test host's engine
 * (scripts/test-host.sh, a second dockerd in its own network namespace, reached over TLS),
 * N tenants on each. Figures, each beside its floor from the same run:
 *   - full status sync across both hosts (`syncStatuses`) beside listing the same containers
 *     on both engines directly, both at once;
 *   - the resource gather of every tenant container on both hosts, as the sampler runs it,
 *     beside one-shot stats of the same containers straight from the engines;
 *   - GET /api/customers?per_page=100 p95 under 20 clients beside a bare node:http server, and
 *     the appliance's RSS under that load;
 *   - the test host "dies" (its link cut): time until its tenants show `unreachable`, the API
 *     p95 meanwhile, a local tenant's status; then the time to recover once it returns;
 *   - one tenant moved from the test host to the local engine: the job's wall time and the
 *     downtime it measured.
 *   npx tsx bench/hosts.ts [--per-host 100] [--concurrency 4] [--seconds 20]
 */
import { parseArgs } from 'node:util';
import { rssBytes, startAppliance, type Appliance } from './lib/appliance';
import { docker, mapBounded } from './lib/docker';
import { addTestHost, cleanTestHost, deployOnHosts, testHostDocker } from './lib/hosts-population';
import { runLoad } from './lib/load';
import { measureApi } from './lib/measure-api';
import { formatBytes, formatMs, median, printTable, section } from './lib/report';
import { runMain } from './lib/with-population';
import { useServerEnv } from './lib/server-env';
import { ensureTestHost, setTestHostLink, type TestHost } from '../tests/helpers/test-host';
import { ADMIN_PASSWORD } from './lib/appliance';

const { values } = parseArgs({ options: { 'per-host': { type: 'string', default: '100' }, concurrency: { type: 'string', default: '4' }, seconds: { type: 'string', default: '20' } } });
const PER_HOST = Number(values['per-host']);
const CONCURRENCY = Number(values.concurrency);
const SECONDS = Number(values.seconds);
const LABEL_CUSTOMER = 'netbird-msp.customer';

async function timed<T>(run: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const v = await run();
  return [performance.now() - t, v];
}

async function statusOf(app: Appliance, id: string): Promise<string> {
  return (await app.admin.get<{ status: string }>(`/api/customers/${id}`)).body.status;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const t = performance.now();
  while (performance.now() - t < timeoutMs) {
    if (await check()) return performance.now() - t;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
}

/** Every tenant on the engine it was asked for: "l" tenants only on the local engine, "r" only on the test host. */
async function checkPlacement(runId: string, th: TestHost): Promise<void> {
  const keyOf = (labels: Record<string, string>) => (labels['netbird-msp.subdomain'] ?? '').slice(`bench-${runId}-`.length, `bench-${runId}-`.length + 1);
  for (const [where, d, own] of [['the local engine', docker(), 'l'], ['the test host', testHostDocker(th), 'r']] as const) {
    const list = await d.listContainers({ all: true, filters: { label: [LABEL_CUSTOMER] } });
    const misplaced = list.filter((c) => (c.Labels['netbird-msp.subdomain'] ?? '').startsWith(`bench-${runId}-`) && keyOf(c.Labels) !== own);
    if (misplaced.length) throw new Error(`${misplaced.length} containers on ${where} belong to the other host's tenants (${misplaced[0].Names[0]})`);
  }
}

/** Status sync and resource gather in this process against the server's own database and engines. */
async function measureInProcess(app: Appliance, th: TestHost, runs = 5) {
  useServerEnv(app);
  const { ensureHostEngines } = await import('../lib/hosts/host-engines');
  await ensureHostEngines();
  const { allEngines } = await import('../lib/docker/engine');
  const { syncStatuses } = await import('../lib/status/reconciler');
  const { getAllTenantFigures } = await import('../lib/docker/stats');
  const { STATS_CONCURRENCY } = await import('../lib/monitoring/sampler');
  const engines = allEngines();
  const raw = [docker(), testHostDocker(th)];
  const sync: number[] = [];
  const listFloor: number[] = [];
  let customers = 0;
  let containers = 0;
  for (let i = 0; i < runs; i++) {
    const [ms, r] = await timed(() => syncStatuses());
    sync.push(ms);
    customers = r.customers;
    const [floorMs, lists] = await timed(() => Promise.all(raw.map((d) => d.listContainers({ all: true, filters: { label: [LABEL_CUSTOMER] } }))));
    listFloor.push(floorMs);
    containers = lists.reduce((n, l) => n + l.length, 0);
  }
  const gather: number[] = [];
  let gathered = 0;
  for (let i = 0; i < 3; i++) {
    const [ms, per] = await timed(() => Promise.all(engines.map((e) => getAllTenantFigures(e, STATS_CONCURRENCY, false))));
    gather.push(ms);
    gathered = per.reduce((n, l) => n + l.length, 0);
  }
  // Floor: one-shot stats of the same containers straight from each engine, same concurrency, both engines at once.
  const [statsFloorMs] = await timed(() =>
    Promise.all(
      raw.map(async (d) => {
        const list = await d.listContainers({ filters: { label: [LABEL_CUSTOMER] } });
        await mapBounded(list, STATS_CONCURRENCY, (c) => d.getContainer(c.Id).stats({ stream: false, 'one-shot': true } as { stream: false }));
      }),
    ),
  );
  return { sync, listFloor, customers, containers, gather, gathered, statsFloorMs, engines: engines.length };
}

runMain(async () => {
  section('Docker hosts', `The built appliance on loopback with a fake NPM and a second real Docker Engine (scripts/test-host.sh, TLS); ${PER_HOST} stand-in tenants (5 containers each) on each engine, deployed through the API with host_id, deploy_concurrency ${CONCURRENCY}; load from autocannon in this process.`);
  const th = await ensureTestHost();
  const app = await startAppliance();
  const tenantRoot = `/var/tmp/netbird-msp-bench-${app.runId}`;
  // The test host's tenants go with the appliance's own, however the run ends (Ctrl-C, a crash).
  app.onCleanup(async () => {
    await setTestHostLink(true).catch(() => undefined);
    console.log(`cleanup: removed ${await cleanTestHost(th, app.runId, tenantRoot)} containers on the test host`);
  });
  try {
    const hostId = await addTestHost(app, th, tenantRoot);
    // Both placed explicitly: without host_id the appliance picks the host with the most room.
    const pop = await deployOnHosts(app, [{ key: 'l', hostId: 'local' }, { key: 'r', hostId }], PER_HOST, CONCURRENCY);
    const local = pop.byHost.get('l');
    const remote = pop.byHost.get('r');
    if (!local || !remote) throw new Error('no tenants were created');
    await checkPlacement(app.runId, th);
    console.log(`\n${PER_HOST * 2} tenants deployed and active on two engines in ${formatMs(pop.wallMs)}${pop.retried.length ? `; retried: ${pop.retried.join('; ')}` : ''}`);

    const inproc = await measureInProcess(app, th);
    const api = await measureApi(app, SECONDS);

    // The test host dies: its link is cut, as a dead switch port or a crashed machine would.
    const token = (await app.admin.login('admin', ADMIN_PASSWORD)).token as string;
    const victim = remote.ids[0];
    await setTestHostLink(false);
    let detectMs: number;
    let apiDuringOutage;
    let localDuring: string;
    try {
      detectMs = await waitFor('remote tenant unreachable', async () => (await statusOf(app, victim)) === 'unreachable', 60_000);
      apiDuringOutage = await runLoad(app.url, '/api/customers?per_page=100', { Authorization: `Bearer ${token}` }, 20, 10);
      localDuring = await statusOf(app, local.ids[0]);
    } finally {
      await setTestHostLink(true);
    }
    const recoverMs = await waitFor('remote tenant active again', async () => (await statusOf(app, victim)) === 'active', 120_000);
    const unreachableLeft = (await app.admin.get<{ counts: Record<string, number> }>('/api/customers?per_page=1')).body.counts.unreachable ?? 0;

    // One move: the test host → the appliance's own engine (a backup first, so a repository is needed).
    const put = await app.admin.put('/api/settings/backups', { repository_type: 'local', schedule_enabled: false });
    if (put.status !== 200) throw new Error(`backup settings refused: ${JSON.stringify(put.body)}`);
    const mover = remote.ids[1];
    const [moveWall, move] = await timed(async () => {
      const res = await app.admin.post(`/api/customers/${mover}/move`, { host_id: 'local' });
      if (res.status !== 202) throw new Error(`move refused: ${res.status} ${JSON.stringify(res.body)}`);
      for (;;) {
        const m = (await app.admin.get<{ move: { state: string; downtime_ms: number | null; error: string | null } | null }>(`/api/customers/${mover}/move`)).body.move;
        if (m && (m.state === 'succeeded' || m.state === 'failed')) return m;
        await new Promise((r) => setTimeout(r, 250));
      }
    });

    printTable(`Two Docker hosts: ${inproc.customers} customers, ${inproc.containers} tenant containers on ${inproc.engines} engines`, ['measure', 'appliance', 'floor (same run)', 'target'], [
      [`full status sync across hosts, syncStatuses() (median of ${inproc.sync.length})`, formatMs(median(inproc.sync)), `${formatMs(median(inproc.listFloor))} (list both engines at once)`, '< 1 s'],
      [`resource gather, every tenant container on both hosts (median of ${inproc.gather.length}; ${inproc.gathered} containers)`, formatMs(median(inproc.gather)), `${formatMs(inproc.statsFloorMs)} (one-shot stats straight from the engines)`, '< 5 s'],
      [`GET /api/customers?per_page=100 p95, 20 clients × ${SECONDS} s`, formatMs(api.api.p95), `${formatMs(api.floor.p95)} (bare node:http) → ${(api.api.p95 / api.floor.p95).toFixed(2)}×`, '≤ 1.3× the floor'],
      ['  requests/s', (api.api.requests / SECONDS).toFixed(0), (api.floor.requests / SECONDS).toFixed(0), ''],
      ['server.js RSS: idle / peak under the load above', `${formatBytes(api.rssIdle)} / ${formatBytes(api.rssPeak)}`, '', '< 250 MB'],
      ['test host cut → its tenant "unreachable" in the API', formatMs(detectMs), '', '< 10 s'],
      ['  GET /api/customers p95 while the host is down (20 clients × 10 s)', formatMs(apiDuringOutage.p95), `${apiDuringOutage.errors + apiDuringOutage.non2xx} errors`, 'fast'],
      ['  a local tenant meanwhile', localDuring, '', 'active'],
      ['link back → the tenant "active" again', formatMs(recoverMs), `${unreachableLeft} still unreachable`, 'by itself'],
      [`move of one tenant, test host → local (${move.state}${move.error ? `: ${move.error}` : ''})`, formatMs(moveWall), '', ''],
      ['  downtime measured by the move job', move.downtime_ms === null ? 'n/a' : formatMs(move.downtime_ms), '', ''],
      ['server.js RSS now', formatBytes(rssBytes(app.serverPid)), '', ''],
    ]);
    const exits = app.serverExits();
    if (exits.length) console.error(`\nTHE SERVER DIED ${exits.length} time(s) during the run:\n${exits.join('\n')}`);
  } finally {
    await app.stop();
  }
});
