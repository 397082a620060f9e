import type { TenantContainer } from '../docker/list-containers';
import type { Snapshot } from './snapshot';

/**
 * The containers a tenant's status is read from: those on the engine its deployment runs on.
 * A move's cleanup may leave stopped containers of the same customer on the host it left; merged
 * in, they would make a healthy tenant look failed. A customer without a deployment has no host
 * yet, so whatever any engine holds for it counts.
 */
export function tenantContainers(snapshot: Pick<Snapshot, 'byCustomer' | 'byEngine'>, customerId: string, hostId: string | null | undefined): TenantContainer[] | undefined {
  if (!hostId) return snapshot.byCustomer.get(customerId);
  return snapshot.byEngine.get(hostId)?.get(customerId);
}
