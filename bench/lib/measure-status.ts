import type { Appliance } from './appliance';
import { docker } from './docker';
import { formatMs, median, printTable } from './report';
import { useServerEnv } from './server-env';

export interface StatusFigures {
  killToError: number[];
  listLag: number[];
  listMs: number[];
  syncMs: number[];
  listCallsPerSync: number;
  customers: number;
  containers: number;
}

interface CustomerView {
  status: string;
  status_reason: string | null;
}

async function waitForStatus(app: Appliance, id: string, status: string, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const res = await app.admin.get<CustomerView>(`/api/customers/${id}`);
    if (res.body.status === status) return performance.now() - started;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`customer ${id} not ${status} after ${timeoutMs} ms`);
}

/**
 * Kills one container of a tenant by hand (`docker kill`, as an operator or the OOM killer
 * would) and times until GET /api/customers/{id} says `error`; then starts it again and waits
 * for `active`, so the next round starts from a healthy host.
 */
export async function measureKillToError(app: Appliance, ids: string[], subdomains: string[], rounds = 3): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const pick = Math.floor((i + 0.5) * (ids.length / rounds));
    const container = docker().getContainer(`netbird-${subdomains[pick]}-signal`);
    const started = performance.now();
    await container.kill();
    await waitForStatus(app, ids[pick], 'error', 30_000);
    times.push(performance.now() - started);
    await container.start();
    await waitForStatus(app, ids[pick], 'active', 60_000);
  }
  return times;
}

/**
 * The reconciler's full sync, run in this process against the server's own database and
 * engine: `listAllTenantContainers` alone, then `syncStatuses` (the list plus the DB reads and
 * any updates). Engine list calls are counted by wrapping the shared client.
 */
export async function measureFullSync(app: Appliance, runs = 5): Promise<Omit<StatusFigures, 'killToError' | 'listLag'>> {
  useServerEnv(app);
  const { listAllTenantContainers } = await import('../../lib/docker/list-containers');
  const { syncStatuses } = await import('../../lib/status/reconciler');
  const engine = (await import('../../lib/docker/engine')).localEngine();
  const client = engine.docker();
  const list = client.listContainers.bind(client);
  let calls = 0;
  client.listContainers = ((...args: Parameters<typeof list>) => {
    calls++;
    return list(...args);
  }) as typeof client.listContainers;
  const listMs: number[] = [];
  const syncMs: number[] = [];
  let containers = 0;
  let customers = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const all = await listAllTenantContainers(engine);
    listMs.push(performance.now() - t);
    containers = [...all.values()].reduce((n, l) => n + l.length, 0);
  }
  calls = 0;
  for (let i = 0; i < runs; i++) {
    const r = await syncStatuses();
    syncMs.push(r.durationMs);
    customers = r.customers;
  }
  return { listMs, syncMs, listCallsPerSync: calls / runs, customers, containers };
}

export function printStatusFigures(f: StatusFigures): void {
  printTable(`Status truth: ${f.customers} customers, ${f.containers} tenant containers`, ['measure', 'median', 'max', 'target'], [
    [`docker kill → customer "error" in the API (${f.killToError.length} rounds)`, formatMs(median(f.killToError)), formatMs(Math.max(...f.killToError)), '< 3 s'],
    [`full sync: syncStatuses() (${f.syncMs.length} runs)`, formatMs(median(f.syncMs)), formatMs(Math.max(...f.syncMs)), '< 1 s'],
    ['  of which listAllTenantContainers()', formatMs(median(f.listMs)), formatMs(Math.max(...f.listMs)), ''],
    ['  engine list calls per sync', String(f.listCallsPerSync), '', '1'],
    [`list still "running" after the die event (${f.listLag.length} rounds)`, formatMs(median(f.listLag)), formatMs(Math.max(...f.listLag)), '< 150 ms debounce'],
  ]);
}

/**
 * How long after Docker's `die` event the engine's container list still says "running": the
 * daemon sends the event before it has torn down the container's network and recorded the new
 * state, so a sync started right after the event can read the old state.
 */
export async function measureListLag(subdomain: string, rounds = 3): Promise<number[]> {
  const name = `netbird-${subdomain}-signal`;
  const lags: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const stream = await docker().getEvents({ filters: { type: ['container'], event: ['die'], container: [name] } });
    const died = new Promise<number>((resolve) => stream.once('data', () => resolve(performance.now())));
    const container = docker().getContainer(name);
    const killed = container.kill();
    const diedAt = await died;
    (stream as unknown as { destroy(): void }).destroy();
    await killed;
    for (;;) {
      const [info] = await docker().listContainers({ all: true, filters: { name: [`^/${name}$`] } });
      if (!info || info.State !== 'running') break;
    }
    lags.push(performance.now() - diedAt);
    await container.start();
    await new Promise((r) => setTimeout(r, 1000));
  }
  return lags;
}
