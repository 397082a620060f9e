/**
 * More than one Docker host: the appliance's own engine and the test host's engine
 * (scripts/test-host.sh, a second dockerd in its own network namespace, reached over TLS),
 * N tenants on each. Figures, each beside its floor from the same run:
 *   - what the appliance costs the idle hosts: the machine's CPU with the server running and
 *     with it stopped (the floor), no requests sent;
 *   - full status sync across both hosts (`syncStatuses`) beside listing the same containers
 *     on both engines directly, both at once;
 *   - the resource gather of every tenant container on both hosts, as the sampler runs it,
 *     beside one-shot stats of the same containers straight from the engines, and beside the
 *     test host's counter reader run straight through dockerode;
 *   - GET /api/customers?per_page=100 p95 under 20 clients beside a bare node:http server, and
 *     the appliance's RSS under that load;
 *   - the test host "dies" (its link cut): time until its tenants show `unreachable`, the API
 *     p95 meanwhile, a local tenant's status; then the time to recover once it returns;
 *   - one tenant moved from the test host to the local engine: the job's wall time and the
 *     downtime it measured.
 * Population: --templates tenants per host are deployed through the API (the real deploy job);
 * the rest are copies of them made with the appliance's own deploy functions in this process
 * (bench/lib/tenant-copies.ts: same images, labels, container configuration, networks, ports
 * from each host's range, the same rows), because a deploy job runs ~7 s per tenant in
 * throughput and 200 would take over 20 minutes. Before measuring, the appliance's own API must
 * list every tenant `active` on its host.
 * Ctrl-C stops the run at once: loops and loads end, both engines are cleaned (only this run's
 * containers and networks) and the test host's link is mended if the run had cut it.
 *   npx tsx bench/hosts.ts [--per-host 100] [--templates 2] [--copy-concurrency 8] [--concurrency 4] [--seconds 20] [--populate-min 9] [--gather-runs 3] [--settle-max-min 5] [--idle-seconds 60]
 */
import { parseArgs } from 'node:util';
import { ADMIN_PASSWORD, niceOf, rssBytes, startAppliance, type Appliance } from './lib/appliance';
import { addTestHost, assertActiveOnHost, cleanTestHost, deployOnHosts } from './lib/hosts-population';
import { checkPlacement, measureInProcess } from './lib/measure-hosts';
import { copyPhaseMs, copyTenants } from './lib/tenant-copies';
import { runLoad } from './lib/load';
import { measureHttpFloor } from './lib/http-floor';
import { withRssPeak } from './lib/measure-api';
import { formatBytes, formatMs, median, printTable, section } from './lib/report';
import { runMain } from './lib/with-population';
import { settle } from './lib/settle';
import { measureCpuWindow, type CpuWindow } from './lib/proc-cpu';
import { ensureTestHost, setTestHostLink } from '../tests/helpers/test-host';

const { values } = parseArgs({
  options: {
    'per-host': { type: 'string', default: '100' },
    templates: { type: 'string', default: '2' },
    'copy-concurrency': { type: 'string', default: '8' },
    concurrency: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '20' },
    'populate-min': { type: 'string', default: '9' },
    'gather-runs': { type: 'string', default: '3' },
    'settle-max-min': { type: 'string', default: '5' },
    'idle-seconds': { type: 'string', default: '60' },
  },
});
const PER_HOST = Number(values['per-host']);
const TEMPLATES = Math.min(PER_HOST, Number(values.templates));
const COPY_CONCURRENCY = Number(values['copy-concurrency']);
const CONCURRENCY = Number(values.concurrency);
const SECONDS = Number(values.seconds);
/** No copy is started later than this many minutes after the bench began: the rest of the run is measured with what exists, and says so. */
const POPULATE_MIN = Number(values['populate-min']);
const benchStarted = Date.now();
/** Gather rounds to take the median of (the test host's part is one counter-reader run per round). */
const GATHER_RUNS = Number(values['gather-runs']);
/** Each of the three idle windows (appliance running, server stopped, running again). */
const IDLE_SECONDS = Number(values['idle-seconds']);
/** After populating, wait at most this long for the machine to go quiet before measuring (the engines settle hundreds of new containers). */
const SETTLE_MAX_MIN = Number(values['settle-max-min']);

async function timed<T>(run: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const v = await run();
  return [performance.now() - t, v];
}

async function statusOf(app: Appliance, id: string): Promise<string> {
  return (await app.admin.get<{ status: string }>(`/api/customers/${id}`)).body.status;
}

async function waitFor(app: Appliance, what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const t = performance.now();
  while (performance.now() - t < timeoutMs) {
    app.signal.throwIfAborted();
    if (await check()) return performance.now() - t;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
}

/** What the appliance says when a host outage was not seen in time: the tenant, the host and the server's log lines about hosts. */
async function explainOutage(app: Appliance, victim: string, hostId: string): Promise<void> {
  const c = await app.admin.get<{ status: string; status_reason: string | null }>(`/api/customers/${victim}`).catch((err: Error) => ({ body: { status: err.message, status_reason: null } }));
  const h = await app.admin.get<{ state: string; last_error: string | null }>(`/api/hosts/${hostId}`).catch((err: Error) => ({ body: { state: err.message, last_error: null } }));
  console.error(`outage diagnostics: tenant ${c.body.status} (${c.body.status_reason ?? ''}); host ${JSON.stringify(h.body).slice(0, 400)}`);
  const lines = app.logs().split('\n').filter((l) => /host|sync|probe|unreachable/i.test(l)).slice(-15);
  console.error(`the server's last lines about hosts:\n${lines.join('\n')}`);
}

/** Process names as the table shows them: the server by its role, each engine's helpers as one. */
function groupComm(comm: string): string {
  if (comm.startsWith('next-server')) return 'appliance server';
  if (comm.startsWith('containerd-shim')) return 'containerd-shim (all)';
  if (comm.startsWith('kworker')) return 'kworker (kernel)';
  return comm;
}

/**
 * What the appliance costs the hosts while nobody uses it: the machine's CPU over three equal
 * windows with no request sent, the middle one with the server stopped (SIGSTOP: its background
 * work, syncs, host probes and samplers, stops; the containers and connections stay). The
 * stopped window is the floor: the engines and their containers alone.
 */
async function measureIdle(app: Appliance): Promise<CpuWindow[]> {
  const running = await measureCpuWindow(IDLE_SECONDS, app.signal, groupComm);
  const pid = app.serverPid;
  process.kill(pid, 'SIGSTOP');
  let stopped: CpuWindow;
  try {
    stopped = await measureCpuWindow(IDLE_SECONDS, app.signal, groupComm);
  } finally {
    process.kill(pid, 'SIGCONT');
  }
  return [running, stopped, await measureCpuWindow(IDLE_SECONDS, app.signal, groupComm)];
}

function idleRows(windows: CpuWindow[]): string[][] {
  const names = [...new Set(windows.flatMap((w) => w.byName.slice(0, 6).map(([n]) => n)))];
  const cell = (w: CpuWindow, n: string) => `${(((w.byName.find(([m]) => m === n)?.[1] ?? 0) / w.seconds) * 100).toFixed(1)} %`;
  return [
    ['whole machine (share of all cores)', ...windows.map((w) => `${w.machinePercent.toFixed(1)} %`)],
    ...names.map((n) => [`  ${n} (share of one core)`, ...windows.map((w) => cell(w, n))]),
  ];
}

/** The API under 20 clients (after 3 s of uncounted warm-up) with the server's RSS peak, then the bare node:http floor serving the same body. */
async function measureList(app: Appliance, token: string) {
  const path = '/api/customers?per_page=100';
  const bearer = { Authorization: `Bearer ${token}` };
  await new Promise((r) => setTimeout(r, 5000));
  const rssIdle = rssBytes(app.serverPid);
  await runLoad(app.url, path, bearer, 20, 3, app.signal);
  const { result: api, peak } = await withRssPeak(app, () => runLoad(app.url, path, bearer, 20, SECONDS, app.signal));
  const body = await (await fetch(`${app.url}${path}`, { headers: bearer })).text();
  const floor = await measureHttpFloor(body, 20, SECONDS, niceOf(app.serverPid), app.signal);
  return { api, floor, rssIdle, rssPeak: peak };
}

runMain(async () => {
  section(
    'Docker hosts',
    `The built appliance on loopback with a fake NPM and a second real Docker Engine (scripts/test-host.sh, TLS); ${PER_HOST} stand-in tenants (5 containers each) on each engine: ${TEMPLATES} per engine deployed through the API with host_id (deploy_concurrency ${CONCURRENCY}), the other ${PER_HOST - TEMPLATES} per engine copies of them made with the appliance's own deploy functions in the bench process (same images, labels, container configuration, networks, ports from the host's range, rows; no job queue, health wait or owner setup: the template's owner and token are copied with its data), ${COPY_CONCURRENCY} at a time; every tenant checked active on its host through the appliance's API before measuring; load from autocannon in this process.`,
  );
  const th = await ensureTestHost();
  const app = await startAppliance();
  const tenantRoot = `/var/tmp/netbird-msp-bench-${app.runId}`;
  // The test host's tenants go with the appliance's own, however the run ends (Ctrl-C, a crash).
  let linkCut = false;
  let lastCheck = '';
  let copyStarted = 0;
  let population = '';
  let notActive = '';
  app.onCleanup(async () => {
    if (linkCut) await setTestHostLink(true).catch((err: Error) => console.error(`mending the test host's link failed: ${err.message}`));
    const removed = await cleanTestHost(th, app.runId, tenantRoot);
    if (removed) console.error(`cleanup: removed ${removed} containers on the test host`);
  });
  try {
    const hostId = await addTestHost(app, th, tenantRoot);
    // Both placed explicitly: without host_id the appliance picks the host with the most room.
    const pop = await deployOnHosts(app, [{ key: 'l', hostId: 'local' }, { key: 'r', hostId }], TEMPLATES, CONCURRENCY);
    const local = pop.byHost.get('l');
    const remote = pop.byHost.get('r');
    if (!local || !remote) throw new Error('no tenants were created');
    console.log(`\n${TEMPLATES * 2} tenants deployed through the API and active in ${formatMs(pop.wallMs)}${pop.retried.length ? `; retried: ${pop.retried.join('; ')}` : ''}`);
    copyStarted = performance.now();
    const [copyMs, copies] = await timed(() =>
      copyTenants(app, [local, remote].map((h, n) => ({ templateId: h.ids[0], count: PER_HOST - TEMPLATES, key: n ? 'r' : 'l', first: TEMPLATES })), {
        concurrency: COPY_CONCURRENCY,
        deadline: benchStarted + POPULATE_MIN * 60_000,
        onProgress: (done, total) => done % 20 === 0 && console.error(`copied ${done}/${total} in ${Math.round((performance.now() - copyStarted) / 1000)} s`),
      }),
    );
    const made = [...copies.values()];
    for (const [h, key] of [[local, 'l'], [remote, 'r']] as const) h.ids.push(...(copies.get(key)?.ids ?? []));
    const [activeMs] = await timed(() =>
      waitFor(app, 'every tenant active on its host', async () => {
        try {
          await Promise.all([assertActiveOnHost(app, 'local', local.ids.length), assertActiveOnHost(app, hostId, remote.ids.length)]);
          return true;
        } catch (err) {
          lastCheck = (err as Error).message;
          return false;
        }
      }, 60_000).catch((err: Error) => {
        app.signal.throwIfAborted();
        // Measured anyway, and said loudly: a timed window must not end without figures.
        notActive = `NOT ALL ACTIVE (${err.message}): ${lastCheck}`;
        console.error(notActive);
        return Number.NaN;
      }),
    );
    await checkPlacement(app.runId, th);
    const skipped = made.reduce((n, r) => n + r.skipped, 0);
    const retriedCopies = made.flatMap((r) => r.retried);
    const failedCopies = made.flatMap((r) => r.failed);
    population = `${TEMPLATES * 2} deployed through the API in ${formatMs(pop.wallMs)}, ${local.ids.length + remote.ids.length - TEMPLATES * 2} copies in ${formatMs(copyMs)}${skipped ? ` (${skipped} not made: the ${POPULATE_MIN}-minute population deadline passed)` : ''}${failedCopies.length ? ` (${failedCopies.length} given up after three attempts)` : ''}; ${notActive || `all active in the API after ${formatMs(activeMs)}`}`;
    const copied = local.ids.length + remote.ids.length - TEMPLATES * 2;
    console.log(`mean time per copy by phase (copies overlap ${COPY_CONCURRENCY} at a time): ${[...copyPhaseMs].map(([k, ms]) => `${k} ${formatMs(ms / Math.max(1, copied))}`).join(', ')}`);
    console.log(`${population}; ${local.ids.length} tenants on the local engine, ${remote.ids.length} on the test host${retriedCopies.length ? `; copies retried: ${retriedCopies.join('; ')}` : ''}${failedCopies.length ? `; copies given up: ${failedCopies.join('; ')}` : ''}`);

    const settled = await settle(SETTLE_MAX_MIN, app.signal);
    console.log(`before measuring: ${settled}`);
    const idle = await measureIdle(app);
    printTable(`Idle cost: ${IDLE_SECONDS} s windows, no requests`, ['CPU', 'appliance running', 'server stopped (floor)', 'running again'], idleRows(idle));
    const inproc = await measureInProcess(app, th, 5, GATHER_RUNS);
    const token = (await app.admin.login('admin', ADMIN_PASSWORD)).token as string;
    const api = await measureList(app, token);

    printTable(`Two Docker hosts: ${inproc.customers} customers, ${inproc.containers} tenant containers on ${inproc.engines} engines`, ['measure', 'appliance', 'floor (same run)', 'target'], [
      ['population', population, '', ''],
      ['machine before measuring', settled, '', ''],
      [`full status sync across hosts, syncStatuses() (median of ${inproc.sync.length})`, formatMs(median(inproc.sync)), `${formatMs(median(inproc.listFloor))} (list both engines at once)`, '< 1 s'],
      [`resource gather, every tenant container on both hosts (median of ${inproc.gather.length}; ${inproc.gathered} containers)`, formatMs(median(inproc.gather)), `${formatMs(inproc.statsFloorMs)} (one-shot stats straight from the engines); ${formatMs(inproc.readerFloorMs)} (the counter reader straight on the test host, ${inproc.remoteContainers} containers)`, '< 5 s'],
      [`GET /api/customers?per_page=100 p95, 20 clients × ${SECONDS} s`, formatMs(api.api.p95), `${formatMs(api.floor.p95)} (bare node:http) → ${(api.api.p95 / api.floor.p95).toFixed(2)}×`, '≤ 1.3× the floor'],
      ['  requests/s', (api.api.requests / SECONDS).toFixed(0), (api.floor.requests / SECONDS).toFixed(0), ''],
      ['server.js RSS: idle / peak under the load above', `${formatBytes(api.rssIdle)} / ${formatBytes(api.rssPeak)}`, '', '< 250 MB'],
    ]);

    // The test host dies: its link is cut, as a dead switch port or a crashed machine would.
    // Each of the last two parts reports its own failure and the run goes on to the next.
    const rows: string[][] = [];
    const victim = remote.ids[0];
    try {
      linkCut = true;
      await setTestHostLink(false);
      try {
        const detectMs = await waitFor(app, 'remote tenant unreachable', async () => (await statusOf(app, victim)) === 'unreachable', 60_000);
        rows.push(['test host cut → its tenant "unreachable" in the API', formatMs(detectMs), '', '< 10 s']);
        const during = await runLoad(app.url, '/api/customers?per_page=100', { Authorization: `Bearer ${token}` }, 20, 10, app.signal);
        rows.push(['  GET /api/customers p95 while the host is down (20 clients × 10 s)', formatMs(during.p95), `${during.errors + during.non2xx} errors`, 'fast']);
        rows.push(['  a local tenant meanwhile', await statusOf(app, local.ids[0]), '', 'active']);
      } finally {
        await setTestHostLink(true);
        linkCut = false;
      }
      const recoverMs = await waitFor(app, 'remote tenant active again', async () => (await statusOf(app, victim)) === 'active', 120_000);
      const unreachableLeft = (await app.admin.get<{ counts: Record<string, number> }>('/api/customers?per_page=1')).body.counts.unreachable ?? 0;
      rows.push(['link back → the tenant "active" again', formatMs(recoverMs), `${unreachableLeft} still unreachable`, 'by itself']);
    } catch (err) {
      app.signal.throwIfAborted();
      rows.push(['host outage', `FAILED: ${(err as Error).message}`, '', '']);
      await explainOutage(app, victim, hostId);
    }

    // One move: the test host → the appliance's own engine (a backup first, so a repository is needed).
    try {
      const put = await app.admin.put('/api/settings/backups', { repository_type: 'local', schedule_enabled: false });
      if (put.status !== 200) throw new Error(`backup settings refused: ${JSON.stringify(put.body)}`);
      const mover = remote.ids[1];
      const [moveWall, move] = await timed(async () => {
        const res = await app.admin.post(`/api/customers/${mover}/move`, { host_id: 'local' });
        if (res.status !== 202) throw new Error(`move refused: ${res.status} ${JSON.stringify(res.body)}`);
        const started = performance.now();
        for (;;) {
          app.signal.throwIfAborted();
          const m = (await app.admin.get<{ move: { state: string; downtime_ms: number | null; error: string | null } | null }>(`/api/customers/${mover}/move`)).body.move;
          if (m && (m.state === 'succeeded' || m.state === 'failed')) return m;
          if (performance.now() - started > 180_000) throw new Error(`move still ${m?.state ?? 'unknown'} after 180 s`);
          await new Promise((r) => setTimeout(r, 250));
        }
      });
      rows.push([`move of one tenant, test host → local (${move.state}${move.error ? `: ${move.error}` : ''})`, formatMs(moveWall), '', '']);
      rows.push(['  downtime measured by the move job', move.downtime_ms === null ? 'n/a' : formatMs(move.downtime_ms), '', '']);
    } catch (err) {
      app.signal.throwIfAborted();
      rows.push(['move', `FAILED: ${(err as Error).message}`, '', '']);
    }
    rows.push(['server.js RSS now', formatBytes(rssBytes(app.serverPid)), '', '']);
    printTable('Host death and one move', ['measure', 'appliance', '', 'target'], rows);
    const exits = app.serverExits();
    if (exits.length) console.error(`\nTHE SERVER DIED ${exits.length} time(s) during the run:\n${exits.join('\n')}`);
  } finally {
    await app.stop();
  }
});
