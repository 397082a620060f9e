import 'server-only';
import { env } from '../env';
import { urlHost } from '../http/url-host';
import { hostEntryAddresses, knownEntryAddress } from '../hosts/tenant-host';

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

/**
 * The same address for a caller that can wait (the fleet upgrade's peer gate): a host whose
 * address has not been read in this process yet (right after a start, before the host watch ran)
 * is read from the database first, rather than falling back to HOST_IP and asking the wrong host.
 */
export async function tenantApiAddress(deployment: { dashboardPort: number; hostId?: string }): Promise<string> {
  if (deployment.hostId && !knownEntryAddress(deployment.hostId)) await hostEntryAddresses();
  return tenantApiBase(deployment);
}
