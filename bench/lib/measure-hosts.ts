import { docker, mapBounded } from './docker';
import { testHostDocker } from './hosts-population';
import { useServerEnv } from './server-env';
import type { Appliance } from './appliance';
import type { TestHost } from '../../tests/helpers/test-host';
import { CGROUP_DUMP_SCRIPT, CGROUP_MOUNT, SCRATCH } from '../../lib/docker/cgroup-dump';

const LABEL_CUSTOMER = 'netbird-msp.customer';

async function timed<T>(run: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const v = await run();
  return [performance.now() - t, v];
}

/** Every tenant on the engine it was asked for: "l" tenants only on the local engine, "r" only on the test host. */
export async function checkPlacement(runId: string, th: TestHost): Promise<void> {
  const keyOf = (labels: Record<string, string>) => (labels['netbird-msp.subdomain'] ?? '').slice(`bench-${runId}-`.length, `bench-${runId}-`.length + 1);
  for (const [where, d, own] of [['the local engine', docker(), 'l'], ['the test host', testHostDocker(th), 'r']] as const) {
    const list = await d.listContainers({ all: true, filters: { label: [LABEL_CUSTOMER] } });
    const misplaced = list.filter((c) => (c.Labels['netbird-msp.subdomain'] ?? '').startsWith(`bench-${runId}-`) && keyOf(c.Labels) !== own);
    if (misplaced.length) throw new Error(`${misplaced.length} containers on ${where} belong to the other host's tenants (${misplaced[0].Names[0]})`);
  }
}

/** Status sync and resource gather in this process against the server's own database and engines. */
export async function measureInProcess(app: Appliance, th: TestHost, runs = 5, gatherRuns = 3) {
  useServerEnv(app);
  const { ensureHostEngines } = await import('../../lib/hosts/host-engines');
  await ensureHostEngines();
  const { allEngines } = await import('../../lib/docker/engine');
  const { syncStatuses } = await import('../../lib/status/reconciler');
  const { getAllTenantFigures } = await import('../../lib/docker/stats');
  const { STATS_CONCURRENCY } = await import('../../lib/monitoring/sampler');
  const engines = allEngines();
  const raw = [docker(), testHostDocker(th)];
  const sync: number[] = [];
  const listFloor: number[] = [];
  let customers = 0;
  let containers = 0;
  for (let i = 0; i < runs; i++) {
    app.signal.throwIfAborted();
    const [ms, r] = await timed(() => syncStatuses());
    sync.push(ms);
    customers = r.customers;
    const [floorMs, lists] = await timed(() => Promise.all(raw.map((d) => d.listContainers({ all: true, filters: { label: [LABEL_CUSTOMER] } }))));
    listFloor.push(floorMs);
    containers = lists.reduce((n, l) => n + l.length, 0);
  }
  const gather: number[] = [];
  let gathered = 0;
  for (let i = 0; i < gatherRuns; i++) {
    app.signal.throwIfAborted();
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
  // Floor of the remote host's part: the same counter reader, run straight through dockerode on
  // the test host (create, start, wait, logs, remove), its output not parsed.
  const remoteList = await raw[1].listContainers({ filters: { label: [LABEL_CUSTOMER], status: ['running'] } });
  const readerImage = remoteList.find((c) => c.Labels['netbird-msp.service'] === 'caddy')?.Image;
  const [readerFloorMs] = await timed(async () => {
    if (!readerImage) return;
    const c = await raw[1].createContainer({
      Image: readerImage,
      Entrypoint: ['/bin/sh', '-c'],
      Cmd: [CGROUP_DUMP_SCRIPT, 'sh', ...remoteList.map((x) => x.Id)],
      HostConfig: { Binds: [`/sys/fs/cgroup:${CGROUP_MOUNT}:ro`], Tmpfs: { [SCRATCH]: 'rw,noexec,nosuid,size=16m' }, PidMode: 'host', NetworkMode: 'none' },
    });
    await c.start();
    await c.wait();
    await c.logs({ stdout: true, stderr: false, follow: false });
    await c.remove({ force: true });
  });
  return { sync, listFloor, customers, containers, gather, gathered, statsFloorMs, readerFloorMs, remoteContainers: remoteList.length, engines: engines.length };
}

