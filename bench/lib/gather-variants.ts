import fs from 'node:fs';
import type Docker from 'dockerode';
import { docker, mapBounded } from './docker';

interface StatsReading {
  memory_stats?: { usage?: number; stats?: Record<string, number> };
}

/**
 * The gather through the engine's stats endpoint, as the appliance did it before reading the
 * kernel's counters: `one-shot=true` (one reading) or plain `stream=false` (the engine waits
 * ~1 s for a second reading). `progress.done` counts answers, so a caller that stops waiting
 * can still project the total.
 */
export function gatherFromEngine(concurrency: number, oneShot: boolean): { done: Promise<{ containers: number }>; progress: { done: number; total: number }; stop: () => void } {
  const d = docker();
  const progress = { done: 0, total: 0 };
  let stopped = false;
  const done = (async () => {
    const running: Docker.ContainerInfo[] = await d.listContainers({ filters: { label: ['netbird-msp.customer'], status: ['running'] } });
    progress.total = running.length;
    await mapBounded(running, concurrency, async (c) => {
      // Once the caller stopped waiting, the rest is skipped so it does not load the engine under later measurements.
      if (stopped) return 0;
      try {
        const raw = (await d.getContainer(c.Id).stats({ stream: false, ...(oneShot ? { 'one-shot': true } : {}) } as { stream: false })) as StatsReading;
        return raw.memory_stats?.usage ?? 0;
      } catch (err) {
        if ([404, 409].includes((err as { statusCode?: number }).statusCode ?? 0)) return 0;
        throw err;
      } finally {
        progress.done++;
      }
    });
    return { containers: running.length };
  })();
  return { done, progress, stop: () => (stopped = true) };
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
