import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readKernelStats } from '../../lib/docker/cgroup-figures';
import { dockerClient } from '../../lib/docker/client';
import { computeFigures } from '../../lib/docker/stats';

/**
 * The resource gather reads the kernel's cgroup and /proc counters instead of asking the
 * engine per container. These must be the figures the engine itself reports.
 */
const IMAGE = 'netbird-msp-standin/signal:test';
const LIMIT = 64 * 1024 * 1024;
let id = '';

beforeAll(async () => {
  const c = await dockerClient().createContainer({
    Image: IMAGE,
    name: `nbmsp-kernel-figures-${process.pid}`,
    Entrypoint: ['/bin/sh', '-c', 'while :; do :; done'],
    HostConfig: { Memory: LIMIT, NetworkMode: 'bridge' },
  });
  id = c.id;
  await c.start();
});

afterAll(async () => {
  if (id) await dockerClient().getContainer(id).remove({ force: true });
});

describe('kernel figures of a running container', () => {
  it('match the engine: memory, limit and network counters', async () => {
    const engine = (await dockerClient().getContainer(id).stats({ stream: false, 'one-shot': true } as { stream: false })) as unknown as Parameters<typeof computeFigures>[0];
    const kernel = await readKernelStats(id);
    expect(kernel).toBeDefined();
    const k = computeFigures(kernel!);
    const e = computeFigures(engine);
    expect(k.memoryLimitBytes).toBe(LIMIT);
    expect(e.memoryLimitBytes).toBe(LIMIT);
    expect(k.memoryBytes).toBeGreaterThan(0);
    expect(Math.abs(k.memoryBytes - e.memoryBytes)).toBeLessThan(Math.max(1024 * 1024, e.memoryBytes * 0.25));
    expect(Object.keys(kernel!.networks)).toEqual(Object.keys((engine as { networks?: object }).networks ?? {}));
    // Read after the engine, so at least as much traffic has been counted.
    expect(k.networkRxBytes).toBeGreaterThanOrEqual(e.networkRxBytes);
  });

  it('give the CPU share between two readings: a busy loop uses most of a core', async () => {
    const first = await readKernelStats(id);
    await new Promise((r) => setTimeout(r, 1_000));
    const second = await readKernelStats(id);
    const { cpuPercent } = computeFigures(second!, { total: first!.cpu_stats.cpu_usage.total_usage, system: first!.cpu_stats.system_cpu_usage });
    expect(cpuPercent).toBeGreaterThan(20);
    expect(cpuPercent).toBeLessThanOrEqual(105);
  });

  it('are absent for a container that is not running, so the engine is asked instead', async () => {
    expect(await readKernelStats('0'.repeat(64))).toBeUndefined();
  });
});
