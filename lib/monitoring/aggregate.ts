import type { ContainerFigures } from '../docker/stats';

/** One customer's use: the sum over its running containers (normally five). */
export interface TenantUsage {
  cpuPercent: number;
  memoryBytes: number;
  /** Sum of the containers' limits; null when any container runs without a limit (it then reports the host's memory). */
  memoryLimitBytes: number | null;
  networkRxBytes: number;
  networkTxBytes: number;
  containers: number;
}

/**
 * Sums per-container figures by customer. Pure: the sampler feeds it whatever `docker stats`
 * answered. A limit of 0 or at least the host's memory means "no limit".
 */
export function aggregateByCustomer(figures: ContainerFigures[], hostMemoryBytes = Number.POSITIVE_INFINITY): Record<string, TenantUsage> {
  const out: Record<string, TenantUsage> = {};
  for (const f of figures) {
    if (!f.customerId) continue;
    const u = (out[f.customerId] ??= { cpuPercent: 0, memoryBytes: 0, memoryLimitBytes: 0, networkRxBytes: 0, networkTxBytes: 0, containers: 0 });
    u.cpuPercent += f.cpuPercent;
    u.memoryBytes += f.memoryBytes;
    const unlimited = f.memoryLimitBytes <= 0 || f.memoryLimitBytes >= hostMemoryBytes;
    u.memoryLimitBytes = unlimited || u.memoryLimitBytes === null ? null : u.memoryLimitBytes + f.memoryLimitBytes;
    u.networkRxBytes += f.networkRxBytes;
    u.networkTxBytes += f.networkTxBytes;
    u.containers++;
  }
  for (const u of Object.values(out)) u.cpuPercent = Math.round(u.cpuPercent * 100) / 100;
  return out;
}

/** Average memory of the tenants in a sample; undefined when nothing was running. */
export function averageTenantMemory(usage: Record<string, TenantUsage>): number | undefined {
  const values = Object.values(usage);
  if (!values.length) return undefined;
  return Math.round(values.reduce((sum, u) => sum + u.memoryBytes, 0) / values.length);
}
