import 'server-only';
import { db } from '../db';
import { getSettings } from '../settings/store';
import { layoutForNewTenant } from '../netbird/layout';
import { servicesOf } from '../netbird/stack-spec';
import { averageTenantMemory, type TenantUsage } from './aggregate';
import { estimateCapacity, type Capacity } from './capacity';
import type { DockerTotals } from './docker-totals';
import type { HostFigures } from './host-figures';
import { HOST_INTERVAL_MS, readSamples } from './sampler';
import type { DockerView, HostOverview, HostView, SampleAge } from './views';

export function sampleAge(at: number | undefined, intervalMs: number, now = Date.now()): SampleAge {
  return {
    sampled_at: at ? new Date(at).toISOString() : null,
    age_seconds: at ? Math.max(0, Math.round((now - at) / 1000)) : null,
    interval_seconds: intervalMs / 1000,
  };
}

function toHostView(f: HostFigures): HostView {
  const m = f.memory;
  return {
    hostname: f.hostname,
    cpus: f.cpus,
    cpu_percent: f.cpuPercent,
    memory: {
      total_bytes: m.totalBytes,
      available_bytes: m.availableBytes,
      used_bytes: m.usedBytes,
      used_percent: m.totalBytes ? Math.round((m.usedBytes / m.totalBytes) * 1000) / 10 : 0,
      swap_total_bytes: m.swapTotalBytes,
      swap_used_bytes: Math.max(0, m.swapTotalBytes - m.swapFreeBytes),
    },
    load: { one: f.load[0], five: f.load[1], fifteen: f.load[2] },
    uptime_seconds: f.uptimeSeconds,
    disks: f.disks.map((d) => ({ label: d.label, path: d.path, total_bytes: d.totalBytes, free_bytes: d.freeBytes, used_bytes: d.usedBytes, used_percent: d.usedPercent })),
  };
}

function toDockerView(at: number, t: DockerTotals): DockerView {
  return { sampled_at: new Date(at).toISOString(), server_version: t.serverVersion, containers: t.containers, running: t.running, paused: t.paused, stopped: t.stopped, images: t.images, cpus: t.cpus, memory_bytes: t.memoryBytes };
}

/** The sampled tenants that are customers of this appliance (one query). */
async function knownTenantUsage(usage: Record<string, TenantUsage>): Promise<Record<string, TenantUsage>> {
  const ids = Object.keys(usage);
  if (!ids.length) return {};
  const known = await db().customer.findMany({ where: { id: { in: ids } }, select: { id: true } });
  return Object.fromEntries(known.map((c) => [c.id, usage[c.id]]));
}

/**
 * How many more tenants fit by memory. Running tenants come from the last sample; before
 * the first one, from the customers marked active (one count query). Labelled containers of
 * no known customer (leftovers) do not count as tenants: their memory is already out of MemAvailable.
 */
export async function getHostCapacity(): Promise<Capacity> {
  const { host, tenant } = readSamples();
  const settings = await getSettings();
  const usage = tenant ? await knownTenantUsage(tenant.usage) : undefined;
  const tenantsRunning = usage ? Object.keys(usage).length : await db().customer.count({ where: { status: 'active' } });
  return estimateCapacity({
    availableBytes: host?.figures.memory.availableBytes ?? 0,
    tenantsRunning,
    sampledPerTenantBytes: usage ? averageTenantMemory(usage) : undefined,
    containerMemoryLimitMb: settings.container_memory_limit_mb,
    // "How many more fit" is about new tenants: they get the layout the server image setting names.
    containersPerTenant: servicesOf(layoutForNewTenant(settings.netbird_server_image)).length,
  });
}

/** GET /api/monitoring/host: the last host and Docker sample; never samples in the request. */
export async function getHostOverview(): Promise<HostOverview> {
  const s = readSamples();
  const capacity = await getHostCapacity();
  return {
    ...sampleAge(s.host?.at, HOST_INTERVAL_MS),
    host: s.host ? toHostView(s.host.figures) : null,
    host_error: s.hostError ?? null,
    docker: s.docker ? toDockerView(s.docker.at, s.docker.totals) : null,
    docker_error: s.dockerError ?? null,
    capacity: { ...capacity, estimated_more: s.host ? capacity.estimated_more : null },
  };
}
