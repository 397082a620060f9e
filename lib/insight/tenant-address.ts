import 'server-only';
import { env } from '../env';
import { urlHost } from '../http/url-host';

/**
 * The one place that says where the appliance reaches a tenant's NetBird API: the tenant's Caddy
 * on its published port. Every insight and token call goes through here, so addressing tenants
 * per host changes this function only.
 */
export function tenantApiBase(deployment: { dashboardPort: number; hostId?: string }): string {
  return `http://${urlHost(env().HOST_IP)}:${deployment.dashboardPort}`;
}
