import 'server-only';
import { env } from '../env';
import { urlHost } from '../http/url-host';
import { knownEntryAddress } from '../hosts/tenant-host';

/**
 * The one place that says where the appliance reaches a tenant's NetBird API: the tenant's Caddy
 * on its published port. Every insight and token call goes through here, so addressing tenants
 * per host changes this function only.
 */
export function tenantApiBase(deployment: { dashboardPort: number; hostId?: string }): string {
  // A tenant on another host is reached on that host's forward address (lib/hosts/tenant-host).
  const address = (deployment.hostId && knownEntryAddress(deployment.hostId)) || env().HOST_IP;
  return `http://${urlHost(address)}:${deployment.dashboardPort}`;
}
