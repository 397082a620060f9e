import fs from 'node:fs';
import type Docker from 'dockerode';
import { docker, mapBounded } from './docker';

interface OneShotStats {
  memory_stats?: { usage?: number; stats?: Record<string, number> };
  cpu_stats?: { cpu_usage?: { total_usage?: number } };
}

/**
 * The same figures gathered with the engine's `one-shot=true` (API 1.41+): the engine answers
 * with one reading at once instead of waiting a second for a second one. CPU then comes from
 * the difference to the previous gather, which a sampler that runs every minute has anyway.
 */
export async function gatherOneShot(concurrency: number): Promise<{ containers: number; memoryBytes: number }> {
  const d = docker();
  const running: Docker.ContainerInfo[] = await d.listContainers({ filters: { label: ['netbird-msp.customer'], status: ['running'] } });
  const readings = await mapBounded(running, concurrency, async (c) => {
    try {
      // dockerode passes unknown options on as query parameters.
      const raw = (await d.getContainer(c.Id).stats({ stream: false, 'one-shot': true } as { stream: false })) as OneShotStats;
      const mem = raw.memory_stats ?? {};
      const cache = mem.stats?.total_inactive_file ?? mem.stats?.inactive_file ?? mem.stats?.cache ?? 0;
      return Math.max(0, (mem.usage ?? 0) - cache);
    } catch (err) {
      if ([404, 409].includes((err as { statusCode?: number }).statusCode ?? 0)) return 0;
      throw err;
    }
  });
  return { containers: running.length, memoryBytes: readings.reduce((a, b) => a + b, 0) };
}

/** cgroup v1 (cgroupfs or systemd driver) and v2 locations of a container's memory figures. */
function memoryFiles(id: string): { usage: string; stat: string; inactiveKey: string }[] {
  return [
    { usage: `/sys/fs/cgroup/memory/docker/${id}/memory.usage_in_bytes`, stat: `/sys/fs/cgroup/memory/docker/${id}/memory.stat`, inactiveKey: 'total_inactive_file' },
    { usage: `/sys/fs/cgroup/memory/system.slice/docker-${id}.scope/memory.usage_in_bytes`, stat: `/sys/fs/cgroup/memory/system.slice/docker-${id}.scope/memory.stat`, inactiveKey: 'total_inactive_file' },
    { usage: `/sys/fs/cgroup/system.slice/docker-${id}.scope/memory.current`, stat: `/sys/fs/cgroup/system.slice/docker-${id}.scope/memory.stat`, inactiveKey: 'inactive_file' },
    { usage: `/sys/fs/cgroup/docker/${id}/memory.current`, stat: `/sys/fs/cgroup/docker/${id}/memory.stat`, inactiveKey: 'inactive_file' },
  ];
}

/**
 * Memory of every running tenant container read straight from the kernel's cgroup files after
 * one list call: no engine round trip per container. Works where the appliance sees the
 * host's /sys/fs/cgroup (native install, or the directory mounted read-only into its container).
 */
export async function gatherFromCgroups(): Promise<{ containers: number; found: number; memoryBytes: number }> {
  const running: Docker.ContainerInfo[] = await docker().listContainers({ filters: { label: ['netbird-msp.customer'], status: ['running'] } });
  let found = 0;
  let memoryBytes = 0;
  for (const c of running) {
    const files = memoryFiles(c.Id).find((f) => fs.existsSync(f.usage));
    if (!files) continue;
    const usage = Number(fs.readFileSync(files.usage, 'utf8'));
    const inactive = Number(new RegExp(`^${files.inactiveKey} (\\d+)$`, 'm').exec(fs.readFileSync(files.stat, 'utf8'))?.[1] ?? 0);
    memoryBytes += Math.max(0, usage - inactive);
    found++;
  }
  return { containers: running.length, found, memoryBytes };
}
