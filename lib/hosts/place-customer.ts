import 'server-only';
import { db } from '../db';
import { listHosts } from './manage-hosts';
import { chooseHost, type PlacementHost } from './placement';
import { LOCAL_HOST_ID, type HostView } from './schemas';

/**
 * The host a new customer goes on: the one asked for (by id or name) if it takes tenants, else
 * the ready host with the most free capacity (lib/hosts/placement). An unknown host is refused
 * as input (422, field host_id); a cordoned, draining or unreachable one as a conflict (409).
 */
export async function placeNewCustomer(requested?: string): Promise<string> {
  if (requested) return chooseHost(await listHosts(), requested);
  return chooseHost(await placementHosts());
}

/**
 * Every host as placement sees it: with the tenants placed on it since its facts were measured,
 * so that customers created and tenants moved in between two measurements spread over the hosts
 * instead of all going to the one that had the most free memory. A drain places each of its
 * tenants with this too.
 */
export async function placementHosts(): Promise<PlacementHost[]> {
  const hosts = await listHosts();
  const placed = await Promise.all(hosts.map(placedSinceFacts));
  return hosts.map((h, i) => ({ ...h, placed_since_facts: placed[i] }));
}

/**
 * New customers on the host since its facts were taken (a null host is the local one), and moves
 * onto it that are still to come (queued, running) or finished since then: each takes memory the
 * facts do not show yet. Moves away are not subtracted; the next measurement shows what they freed.
 */
async function placedSinceFacts(h: HostView): Promise<number> {
  const since = h.facts?.measured_at;
  if (!since) return 0;
  const at = new Date(since);
  const onHost = h.id === LOCAL_HOST_ID ? { OR: [{ hostId: null }, { hostId: LOCAL_HOST_ID }] } : { hostId: h.id };
  const [created, movedIn] = await Promise.all([
    db().customer.count({ where: { ...onHost, createdAt: { gt: at } } }),
    db().tenantMove.count({ where: { toHostId: h.id, OR: [{ state: { in: ['queued', 'running'] } }, { state: 'succeeded', finishedAt: { gt: at } }] } }),
  ]);
  return created + movedIn;
}
