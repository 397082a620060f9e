import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { docker } from './docker';
import { formatBytes, printTable } from './report';

const MIB = 1024 * 1024;

interface ProcMem {
  rss: number;
  pss: number;
}

function procMem(pid: string): ProcMem {
  const rss = Number(/^VmRSS:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  let pss = rss;
  try {
    pss = Number(/^Pss:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0) * 1024;
  } catch {
    // Older kernels lack smaps_rollup: RSS stands in, an upper bound.
  }
  return { rss, pss };
}

/** Host processes whose command line matches, with their memory (RSS and proportional PSS). */
function processesMatching(match: (cmdline: string) => boolean): ProcMem[] {
  const out: ProcMem[] = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (match(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '))) out.push(procMem(pid));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

const sum = (l: ProcMem[], k: keyof ProcMem) => l.reduce((a, p) => a + p[k], 0);

export interface TenantFootprint {
  services: { service: string; memoryBytes: number }[];
  stackBytes: number;
  shims: ProcMem[];
  proxies: ProcMem[];
}

/** One tenant's memory: its five containers as `docker stats` counts them, plus the host processes Docker runs for it. */
export async function measureTenant(customerId: string): Promise<TenantFootprint> {
  const list = await docker().listContainers({ filters: { label: [`netbird-msp.customer=${customerId}`] } });
  const services = await Promise.all(
    list.map(async (c) => {
      const raw = (await docker().getContainer(c.Id).stats({ stream: false })) as { memory_stats?: { usage?: number; stats?: Record<string, number> } };
      const mem = raw.memory_stats ?? {};
      const cache = mem.stats?.total_inactive_file ?? mem.stats?.inactive_file ?? mem.stats?.cache ?? 0;
      return { service: c.Labels['netbird-msp.service'], memoryBytes: Math.max(0, (mem.usage ?? 0) - cache) };
    }),
  );
  const ids = list.map((c) => c.Id);
  const ports = list.flatMap((c) => (c.Ports ?? []).filter((p) => p.PublicPort).map((p) => String(p.PublicPort)));
  return {
    services: services.sort((a, b) => a.service.localeCompare(b.service)),
    stackBytes: services.reduce((a, s) => a + s.memoryBytes, 0),
    shims: processesMatching((cmd) => cmd.includes('containerd-shim') && ids.some((id) => cmd.includes(id))),
    proxies: processesMatching((cmd) => cmd.includes('docker-proxy') && ports.some((p) => new RegExp(`-host-port ${p}( |$)`).test(cmd))),
  };
}

export function memAvailable(): number {
  return Number(/^MemAvailable:\s+(\d+)/m.exec(fs.readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0) * 1024;
}

/** The appliance image's size if this host has one (the installer's container mode builds it). */
export function applianceImage(): string {
  const out = execFileSync('docker', ['image', 'ls', '--format', '{{.Repository}}:{{.Tag}} {{.Size}}', 'netbird-msp'], { encoding: 'utf8' }).trim();
  return out || 'not on this host; build it with: bash scripts/make-base-image.sh && docker build --build-arg BASE_IMAGE=netbird-msp-base:local -t netbird-msp:local .  (or ./install.sh in container mode)';
}

export function printTenantFootprint(t: TenantFootprint, memoryLimitMb: number, hostDeltaPerTenant?: number): void {
  const overhead = sum(t.shims, 'pss') + sum(t.proxies, 'pss');
  printTable('Per-tenant footprint (one stand-in stack)', ['what', 'memory', 'note'], [
    ...t.services.map((s) => [`container ${s.service}`, formatBytes(s.memoryBytes), 'docker stats: usage − inactive file']),
    ['stack (5 containers)', formatBytes(t.stackBytes), 'what the capacity figure counts'],
    [`containerd shims (${t.shims.length})`, `${formatBytes(sum(t.shims, 'pss'))} PSS (${formatBytes(sum(t.shims, 'rss'))} RSS)`, 'host processes, outside the containers'],
    [`docker-proxy (${t.proxies.length})`, `${formatBytes(sum(t.proxies, 'pss'))} PSS (${formatBytes(sum(t.proxies, 'rss'))} RSS)`, 'one per published port and address family'],
    ['stack + host overhead', formatBytes(t.stackBytes + overhead), ''],
    ...(hostDeltaPerTenant !== undefined ? [['host MemAvailable drop per deployed tenant', formatBytes(hostDeltaPerTenant), 'whole-host view; neighbours add noise']] : []),
    ['configured limit × 5 (fallback basis)', formatBytes(memoryLimitMb * MIB * 5), 'container_memory_limit_mb × 5'],
  ]);
  console.log(
    `\ncapacity formula (lib/monitoring/capacity.ts): more tenants = floor(MemAvailable / per-tenant), per-tenant = mean sampled memory of the running tenants' five containers, else container_memory_limit_mb × 5 MiB.` +
      `\nhere: MemAvailable ${formatBytes(memAvailable())} / ${formatBytes(t.stackBytes)} = ${Math.floor(memAvailable() / t.stackBytes)} more;` +
      ` counting the shims and docker-proxy too: ${Math.floor(memAvailable() / (t.stackBytes + overhead))} more.`,
  );
}
