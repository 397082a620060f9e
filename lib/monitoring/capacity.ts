/** A classic tenant runs five containers (management, signal, relay, dashboard, Caddy), each limited to the configured memory. */
export const CONTAINERS_PER_TENANT = 5;
const MIB = 1024 * 1024;

export interface Capacity {
  tenants_running: number;
  /** How many more tenants fit into the memory the kernel says is available; null when there is no basis. */
  estimated_more: number | null;
  per_tenant_bytes: number | null;
  /** sampled: average of running tenants; limit: the configured per-container limit × the layout's containers; none: neither is known. */
  basis: 'sampled' | 'limit' | 'none';
}

export interface CapacityInput {
  availableBytes: number;
  tenantsRunning: number;
  /** Average memory of a running tenant from the last sample, if any tenant was sampled. */
  sampledPerTenantBytes?: number;
  /** The `container_memory_limit_mb` setting; 0 means no limit. */
  containerMemoryLimitMb: number;
  /** Containers of the layout a new tenant gets (classic 5, combined 3: servicesOf(layout).length). */
  containersPerTenant?: number;
}

/**
 * Estimates how many more tenants fit by memory. Measured use wins over the configured
 * limit, because idle tenants use far less than their limit and the operator wants the real figure.
 */
export function estimateCapacity(input: CapacityInput): Capacity {
  let perTenant: number | null = null;
  let basis: Capacity['basis'] = 'none';
  if (input.sampledPerTenantBytes && input.sampledPerTenantBytes > 0) {
    perTenant = input.sampledPerTenantBytes;
    basis = 'sampled';
  } else if (input.containerMemoryLimitMb > 0) {
    perTenant = input.containerMemoryLimitMb * MIB * (input.containersPerTenant ?? CONTAINERS_PER_TENANT);
    basis = 'limit';
  }
  return {
    tenants_running: input.tenantsRunning,
    estimated_more: perTenant ? Math.max(0, Math.floor(input.availableBytes / perTenant)) : null,
    per_tenant_bytes: perTenant,
    basis,
  };
}
