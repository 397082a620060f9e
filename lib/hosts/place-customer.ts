import 'server-only';
import { listHosts } from './manage-hosts';
import { chooseHost } from './placement';

/**
 * The host a new customer goes on: the one asked for (by id or name) if it takes tenants, else
 * the ready host with the most free capacity (lib/hosts/placement). An unknown host is refused
 * as input (422, field host_id); a cordoned, draining or unreachable one as a conflict (409).
 */
export async function placeNewCustomer(requested?: string): Promise<string> {
  return chooseHost(await listHosts(), requested);
}
