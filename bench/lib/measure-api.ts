import { ADMIN_PASSWORD, niceOf, rssBytes, type Appliance } from './appliance';
import { runLoad, sessionCookie, type LoadResult } from './load';
import { measureHttpFloor } from './http-floor';
import { formatBytes, formatMs, printTable } from './report';

export interface ApiFigures {
  /** One client alone: the time the server needs per request when nothing queues. */
  apiSingle: LoadResult;
  api: LoadResult;
  /** The same body from a bare node:http server, same clients: the machine's floor. */
  floor: LoadResult;
  page: LoadResult;
  pageSingle: LoadResult;
  monitoring?: LoadResult;
  rssIdle: number;
  rssPeak: number;
  /** Whether the server's tenant resource sampler was gathering during the load. */
  samplerBusy: boolean[];
}

/** Loads an endpoint the same way, uncounted, so the measured run sees warm code paths and caches. */
async function measured(app: Appliance, path: string, headers: Record<string, string>, connections: number, seconds: number) {
  await runLoad(app.url, path, headers, connections, 3);
  return withRssPeak(app, () => runLoad(app.url, path, headers, connections, seconds));
}

/** Samples the server's RSS every 250 ms while `run` runs (the current server, should it restart); returns the peak. */
export async function withRssPeak<T>(app: Appliance, run: () => Promise<T>): Promise<{ result: T; peak: number }> {
  let peak = 0;
  const sample = () => {
    const rss = rssBytes(app.serverPid);
    if (Number.isFinite(rss)) peak = Math.max(peak, rss);
  };
  sample();
  const timer = setInterval(sample, 250);
  try {
    return { result: await run(), peak };
  } finally {
    clearInterval(timer);
  }
}

async function samplerBusy(app: Appliance): Promise<boolean> {
  const res = await app.admin.get<{ sampling?: boolean }>('/api/monitoring/customers?per_page=1');
  return res.status === 200 && Boolean(res.body.sampling);
}

/**
 * 20 clients for `seconds` each against GET /api/customers?per_page=100 (bearer token), the
 * dashboard page / (session cookie) and, when the monitoring module exists, its cached
 * per-customer figures, each after 3 s of uncounted warm-up; the server's RSS idle and at its
 * peak under this load.
 */
export async function measureApi(app: Appliance, seconds = 30, connections = 20): Promise<ApiFigures> {
  // Let start-up work and the deploys' after-effects settle before calling the server idle.
  await new Promise((r) => setTimeout(r, 5000));
  const rssIdle = rssBytes(app.serverPid);
  const token = (await app.admin.login('admin', ADMIN_PASSWORD)).token as string;
  const bearer = { Authorization: `Bearer ${token}` };
  const busy: boolean[] = [];
  const hasMonitoring = (await app.admin.get('/api/monitoring/customers?per_page=1')).status === 200;
  busy.push(hasMonitoring && (await samplerBusy(app)));
  const apiSingle = (await measured(app, '/api/customers?per_page=100', bearer, 1, Math.min(10, seconds))).result;
  const api = await measured(app, '/api/customers?per_page=100', bearer, connections, seconds);
  if (hasMonitoring) busy.push(await samplerBusy(app));
  const body = await (await fetch(`${app.url}/api/customers?per_page=100`, { headers: bearer })).text();
  const floor = await measureHttpFloor(body, connections, seconds, niceOf(app.serverPid));
  const cookie = await sessionCookie(app.url, 'admin', ADMIN_PASSWORD);
  const pageSingle = (await measured(app, '/', { Cookie: cookie }, 1, Math.min(10, seconds))).result;
  const page = await measured(app, '/', { Cookie: cookie }, connections, seconds);
  let monitoring: { result: LoadResult; peak: number } | undefined;
  if (hasMonitoring) {
    busy.push(await samplerBusy(app));
    monitoring = await measured(app, '/api/monitoring/customers?per_page=100&sort=memory', bearer, connections, seconds);
    busy.push(await samplerBusy(app));
  }
  return {
    apiSingle,
    api: api.result,
    floor,
    page: page.result,
    pageSingle,
    monitoring: monitoring?.result,
    rssIdle,
    rssPeak: Math.max(api.peak, page.peak, monitoring?.peak ?? 0),
    samplerBusy: busy,
  };
}

export function printApiFigures(f: ApiFigures, customers: number, containers: number, seconds = 30): void {
  const row = (what: string, r: LoadResult, target: string) => [
    what, formatMs(r.p50), formatMs(r.p95), formatMs(r.p99), formatMs(r.max), Math.round(r.rps), `${r.errors} / ${r.non2xx}`, target,
  ];
  printTable(`API at scale: ${customers} customers, ${containers} containers, 20 clients × ${seconds} s`, ['request', 'p50', 'p95', 'p99', 'max', 'req/s', 'errors / non-2xx', 'target'], [
    row('GET /api/customers?per_page=100, 1 client alone', f.apiSingle, 'service time'),
    row('GET /api/customers?per_page=100', f.api, 'p95 < 100 ms'),
    row('floor: same body from a bare node:http server', f.floor, 'machine limit'),
    row('GET / (dashboard page, session), 1 client alone', f.pageSingle, 'service time'),
    row('GET / (dashboard page, session)', f.page, '—'),
    ...(f.monitoring ? [row('GET /api/monitoring/customers?per_page=100', f.monitoring, 'not blocked by a gather')] : []),
  ]);
  console.log(`\nserver RSS (server.js VmRSS): idle ${formatBytes(f.rssIdle)}, peak under this load ${formatBytes(f.rssPeak)} (target < 250 MB)`);
  if (f.samplerBusy.length) console.log(`server's tenant resource sampler gathering at the checkpoints before/between/after the runs: ${f.samplerBusy.join(', ')}`);
}
