import 'server-only';
import { db } from '../db';
import { listHosts } from './manage-hosts';
import { chooseHost } from './placement';
import { LOCAL_HOST_ID } from './schemas';

/**
 * The host a new customer goes on: the one asked for (by id or name) if it takes tenants, else
 * the ready host with the most free capacity (lib/hosts/placement). An unknown host is refused
 * as input (422, field host_id); a cordoned, draining or unreachable one as a conflict (409).
 */
export async function placeNewCustomer(requested?: string): Promise<string> {
  const hosts = await listHosts();
  if (requested) return chooseHost(hosts, requested);
  // The customers placed on each measured host since its facts were taken (a null host is the local one).
  const placed = await Promise.all(
    hosts.map((h) => {
      const since = h.facts?.measured_at;
      if (!since) return 0;
      const onHost = h.id === LOCAL_HOST_ID ? { OR: [{ hostId: null }, { hostId: LOCAL_HOST_ID }] } : { hostId: h.id };
      return db().customer.count({ where: { ...onHost, createdAt: { gt: new Date(since) } } });
    }),
  );
  return chooseHost(
    hosts.map((h, i) => ({ ...h, placed_since_facts: placed[i] })),
    requested,
  );
}
