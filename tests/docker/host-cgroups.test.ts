import { RUN_ID } from './harness';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localEngine, probeEngine } from '../../lib/docker/engine';
import { readHostKernelStats } from '../../lib/docker/host-cgroups';
import { computeFigures, getAllTenantFigures } from '../../lib/docker/stats';
import { LABEL_CUSTOMER, LABEL_SERVICE, LABEL_SUBDOMAIN } from '../../lib/docker/labels';
import type { Engine } from '../../lib/docker/types';
import { ensureTestHost } from '../helpers/test-host';
import { STANDIN_IMAGES } from '../helpers/standin-images';

/**
 * The one-run counter reader against real engines: the test host (its daemon keeps its cgroups
 * under a parent of its own) and the local engine (`docker/<id>`). Its figures must be the ones
 * the engine's own stats endpoint gives for the same container.
 */
const IMAGE = STANDIN_IMAGES.caddy_image;
const ABSENT = 'f'.repeat(64);
const started: { engine: Engine; id: string }[] = [];
let remote: Engine;

async function runSleeper(engine: Engine, name: string, labels: Record<string, string> = {}): Promise<string> {
  const d = engine.docker();
  const c = await d.createContainer({ Image: IMAGE, name, Entrypoint: ['/bin/sh', '-c'], Cmd: ['sleep 600'], Labels: labels, HostConfig: { Memory: 48 * 1024 * 1024 } });
  started.push({ engine, id: c.id });
  await c.start();
  return c.id;
}

interface EngineStats {
  memory_stats: { usage: number; limit: number };
  networks?: Record<string, { rx_bytes: number; tx_bytes: number }>;
}

async function engineStats(engine: Engine, id: string): Promise<EngineStats> {
  // cast: dockerode types a one-shot stats answer loosely; these are the fields the engine sends.
  return (await engine.docker().getContainer(id).stats({ stream: false })) as EngineStats;
}

/** Counts the engine's per-container stats calls made through this handle. */
function counting(engine: Engine): { engine: Engine; statsCalls: () => number } {
  let calls = 0;
  const wrapContainer = (c: Docker.Container) =>
    new Proxy(c, {
      get(target, prop) {
        if (prop === 'stats') calls++;
        const v: unknown = Reflect.get(target, prop, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
  const docker = new Proxy(engine.docker(), {
    get(target, prop) {
      if (prop === 'getContainer') return (id: string) => wrapContainer(target.getContainer(id));
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  return { engine: { id: engine.id, describe: () => engine.describe(), docker: () => docker }, statsCalls: () => calls };
}

beforeAll(async () => {
  const host = await ensureTestHost();
  remote = probeEngine({ kind: 'tls', endpoint: host.tcp, ca: host.ca, cert: host.cert, key: host.key });
}, 300_000);

afterAll(async () => {
  for (const { engine, id } of started) await engine.docker().getContainer(id).remove({ force: true }).catch(() => undefined);
});

describe('reading many containers’ counters in one helper run', () => {
  for (const which of ['the test host', 'the local engine'] as const) {
    it(`gives ${which}'s containers the figures its stats endpoint gives, and leaves out a container that is not there`, async () => {
      const engine = which === 'the test host' ? remote : localEngine();
      const id = await runSleeper(engine, `nb-cgroup-${RUN_ID}-${which === 'the test host' ? 'r' : 'l'}`);
      const stats = await readHostKernelStats(engine, [id, ABSENT], IMAGE);
      expect(stats, 'the reader found the engine’s cgroups').toBeDefined();
      expect(stats?.has(ABSENT)).toBe(false);
      const mine = stats?.get(id);
      const theirs = await engineStats(engine, id);
      expect(mine?.memory_stats.limit).toBe(48 * 1024 * 1024);
      expect(theirs.memory_stats.limit).toBe(48 * 1024 * 1024);
      // The same cgroup file read moments apart; a container just started still moves by some
      // hundred kB (page cache, kernel memory), as in tests/docker/kernel-figures.test.ts.
      expect(mine?.memory_stats.usage).toBeGreaterThan(0);
      expect(Math.abs((mine?.memory_stats.usage ?? 0) - theirs.memory_stats.usage)).toBeLessThan(Math.max(1024 * 1024, theirs.memory_stats.usage * 0.25));
      expect(Object.keys(mine?.networks ?? {})).toEqual(Object.keys(theirs.networks ?? {}));
      expect(mine?.networks.eth0?.rx_bytes).toBeGreaterThan(0);
      expect(mine?.cpu_stats.cpu_usage.total_usage).toBeGreaterThan(0);
      expect(mine?.cpu_stats.online_cpus).toBeGreaterThan(0);
    }, 120_000);
  }

  it('gives the CPU share between two readings on the test host: a loop held to half a core shows about half', async () => {
    const d = remote.docker();
    const c = await d.createContainer({ Image: IMAGE, name: `nb-cgroup-${RUN_ID}-busy`, Entrypoint: ['/bin/sh', '-c', 'while :; do :; done'], HostConfig: { NanoCpus: 500_000_000 } });
    started.push({ engine: remote, id: c.id });
    await c.start();
    const first = (await readHostKernelStats(remote, [c.id], IMAGE))?.get(c.id);
    await new Promise((r) => setTimeout(r, 2_000));
    const second = (await readHostKernelStats(remote, [c.id], IMAGE))?.get(c.id);
    expect(first && second).toBeTruthy();
    const { cpuPercent } = computeFigures(second!, { total: first!.cpu_stats.cpu_usage.total_usage, system: first!.cpu_stats.system_cpu_usage });
    expect(cpuPercent).toBeGreaterThan(25);
    expect(cpuPercent).toBeLessThanOrEqual(60);
  }, 120_000);

  it('fails with the engine’s reason when the helper image is not on the host', async () => {
    const id = await runSleeper(remote, `nb-cgroup-${RUN_ID}-img`);
    await expect(readHostKernelStats(remote, [id], `netbird-msp-test/absent-${RUN_ID}:none`)).rejects.toThrow(/no such image|not found/i);
  }, 120_000);

  it("gathers a remote host's tenant figures without one stats call per container", async () => {
    const customer = `cg${RUN_ID}`;
    const labels = { [LABEL_CUSTOMER]: customer, [LABEL_SUBDOMAIN]: customer };
    await runSleeper(remote, `nb-cgroup-${RUN_ID}-caddy`, { ...labels, [LABEL_SERVICE]: 'caddy' });
    await runSleeper(remote, `nb-cgroup-${RUN_ID}-mgmt`, { ...labels, [LABEL_SERVICE]: 'management' });
    const probe = counting(remote);
    const figures = (await getAllTenantFigures(probe.engine, 16, false)).filter((f) => f.customerId === customer);
    expect(figures.map((f) => f.service).sort()).toEqual(['caddy', 'management']);
    expect(figures.every((f) => f.memoryBytes > 0 && f.memoryLimitBytes === 48 * 1024 * 1024 && f.networkRxBytes > 0)).toBe(true);
    expect(probe.statsCalls()).toBe(0);
  }, 120_000);
});
