import 'server-only';
import { z } from 'zod';
import { dockerCall } from './client';
import { HELPER_LABEL, PROBE_LABEL_VALUE } from './host-files';
import { imagePresent } from './images';
import type { Engine } from './types';

export interface EngineFacts {
  engineVersion: string;
  apiVersion: string;
  os: string;
  architecture: string;
  cpus: number;
  memoryTotalBytes: number;
  /** MemAvailable of the host's kernel, read by a one-shot container; null without a usable image. */
  memoryFreeBytes: number | null;
  /** Free space of the engine's data filesystem; null when the probe image has no `df`. */
  diskFreeBytes: number | null;
  images: { image: string; present: boolean }[];
  containers: number;
}

/** `/proc/meminfo`'s MemAvailable and `df -Pk`'s free kilobytes of the output of one probe. */
export function parseProbeOutput(text: string): { memoryFreeBytes: number | null; diskFreeBytes: number | null } {
  const mem = /^MemAvailable:\s+(\d+)\s+kB/m.exec(text);
  const df = /^\S+\s+\d+\s+\d+\s+(\d+)\s+\d+%\s+\/\s*$/m.exec(text);
  return { memoryFreeBytes: mem ? Number(mem[1]) * 1024 : null, diskFreeBytes: df ? Number(df[1]) * 1024 : null };
}

const PROBE_TIMEOUT_MS = 20_000;
/** A probe is a helper: one its appliance could not remove (timed out, died) goes with a later sweep of stopped helpers. */
export const PROBE_LABELS = { [HELPER_LABEL]: PROBE_LABEL_VALUE };

/**
 * Runs `cat /proc/meminfo; df -Pk /` in a short-lived container of `image` (the engine's
 * kernel answers, the container's root is on the engine's data filesystem). The Docker API has
 * no call for free memory or disk; this works over every transport without a shell login.
 */
async function probeFree(engine: Engine, image: string): Promise<{ memoryFreeBytes: number | null; diskFreeBytes: number | null }> {
  return dockerCall(
    engine,
    'probe free memory and disk',
    async (d) => {
      const container = await d.createContainer({
        Image: image,
        Entrypoint: ['/bin/sh', '-c'],
        Cmd: ['cat /proc/meminfo; df -Pk / 2>/dev/null; true'],
        Tty: true,
        Labels: PROBE_LABELS,
        HostConfig: { NetworkMode: 'none', Memory: 16 * 1024 * 1024 },
      });
      try {
        await container.start();
        await container.wait();
        const out = await container.logs({ stdout: true, stderr: true, follow: false });
        return parseProbeOutput(out.toString('utf8'));
      } finally {
        await container.remove({ force: true });
      }
    },
    PROBE_TIMEOUT_MS,
  );
}

/** The part of `docker info` the facts use (dockerode types the answer as any). */
const engineInfo = z.object({ NCPU: z.number(), MemTotal: z.number(), Containers: z.number(), OperatingSystem: z.string() });

/** What "Test connection" reports about one engine: version, platform, capacity, and which images it has. */
export async function readEngineFacts(engine: Engine, images: string[], timeoutMs = 10_000): Promise<EngineFacts> {
  const [version, info] = await Promise.all([
    dockerCall(engine, 'version', (d) => d.version(), timeoutMs),
    dockerCall(engine, 'info', async (d) => engineInfo.parse(await d.info()), timeoutMs),
  ]);
  const present = await Promise.all(images.map((image) => imagePresent(engine, image)));
  const probeImage = images.find((_, i) => present[i]);
  const free = probeImage ? await probeFree(engine, probeImage) : { memoryFreeBytes: null, diskFreeBytes: null };
  return {
    engineVersion: version.Version,
    apiVersion: version.ApiVersion,
    os: info.OperatingSystem,
    architecture: version.Arch,
    cpus: info.NCPU,
    memoryTotalBytes: info.MemTotal,
    ...free,
    images: images.map((image, i) => ({ image, present: present[i] })),
    containers: info.Containers,
  };
}
