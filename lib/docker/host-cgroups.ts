import 'server-only';
import type Docker from 'dockerode';
import type { Engine } from './types';
import type { KernelStats } from './cgroup-figures';
import { dockerCall } from './client';
import { CGROUP_DUMP_SCRIPT, CGROUP_MOUNT, SCRATCH, parseCgroupDump } from './cgroup-dump';
import { HELPER_LABEL } from './host-files';
import { LogDemuxer } from './log-demux';

const READ_TIMEOUT_MS = 30_000;

function demux(out: Buffer): string {
  const d = new LogDemuxer(false);
  const lines = [...d.push(out), ...d.flush()];
  return lines.filter((l) => l.stream === 'stdout').map((l) => l.text).join('\n');
}

async function runReader(d: Docker, image: string, ids: string[]): Promise<string> {
  const container = await d.createContainer({
    Image: image,
    Entrypoint: ['/bin/sh', '-c'],
    Cmd: [CGROUP_DUMP_SCRIPT, 'sh', ...ids],
    // A reader left behind by a death mid-read is removed by the start-up sweep of stopped helpers.
    Labels: { [HELPER_LABEL]: '1' },
    HostConfig: {
      Binds: [`/sys/fs/cgroup:${CGROUP_MOUNT}:ro`],
      Tmpfs: { [SCRATCH]: 'rw,noexec,nosuid,size=16m' },
      // The host's processes, for each container's /proc/<pid>/net/dev; no network of its own.
      PidMode: 'host',
      NetworkMode: 'none',
      ReadonlyRootfs: true,
      Memory: 32 * 1024 * 1024,
    },
  });
  try {
    await container.start();
    await container.wait();
    return demux(await container.logs({ stdout: true, stderr: false, follow: false }));
  } finally {
    // The read's own outcome is what the caller needs; a reader that could not be removed has
    // stopped and carries the helper label, so the start-up sweep of stopped helpers removes it.
    await container.remove({ force: true }).catch(() => undefined);
  }
}

/**
 * The kernel counters of `ids` on a Docker host, read in one short-lived helper container of
 * `image` (which must have a shell and be present on that host) instead of one stats call per
 * container: five engine calls for a host of any size. Containers missing from the answer
 * (stopped since the listing, or in a cgroup the reader did not find) are left out.
 * Undefined when the reader cannot see the engine's cgroups (another layout, a rootless engine).
 */
export async function readHostKernelStats(engine: Engine, ids: string[], image: string): Promise<Map<string, KernelStats> | undefined> {
  if (ids.length === 0) return new Map();
  const text = await dockerCall(engine, 'read container counters', (d) => runReader(d, image, ids), READ_TIMEOUT_MS);
  const dump = parseCgroupDump(text);
  if (!dump.complete) throw new Error(`the counter reader on ${engine.describe()} stopped before its end`);
  return dump.found ? dump.stats : undefined;
}
