import type { Settings } from '../settings/schema';
import { effectiveForwardHost } from '../settings/effective';
import { tenantContainerName } from '../tenants/names';

export interface ForwardTarget {
  host: string;
  port: number;
}

export interface ForwardTenant {
  subdomain: string;
  /** The host TCP port published for the tenant's Caddy. */
  dashboardPort: number;
  /** Set for a tenant on another Docker host: the address that host's published ports are reached on. */
  remoteAddress?: string;
}

/** Caddy listens on 80 inside the tenant stack. */
export const CADDY_CONTAINER_PORT = 80;

export function caddyContainerName(subdomain: string): string {
  return tenantContainerName(subdomain, 'caddy');
}

/**
 * Where NPM should send a tenant's traffic. `host_port`: the Docker host's
 * address and the published port (works when NPM runs anywhere); `container`:
 * Caddy by container name on the shared proxy network (NPM in the same Docker). A tenant on
 * another Docker host is always forwarded to that host's address and its published port.
 */
export function resolveForwardTarget(settings: Settings, tenant: ForwardTenant): ForwardTarget {
  // NPM cannot reach a container on another engine by name: there it is always that host's port.
  if (tenant.remoteAddress) return { host: tenant.remoteAddress, port: tenant.dashboardPort };
  if (settings.npm_forward_mode === 'container') {
    return { host: caddyContainerName(tenant.subdomain), port: CADDY_CONTAINER_PORT };
  }
  return { host: effectiveForwardHost(settings), port: tenant.dashboardPort };
}
