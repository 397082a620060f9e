import 'server-only';
import type { Engine } from '../docker/types';
import { dockerCall, engineStatus } from '../docker/client';
import { LABEL_CUSTOMER } from '../docker/labels';
import { removeNetwork } from '../docker/networks';
import { removeStackContainers } from '../docker/stack-containers';
import { tenantNetworkName } from './stack-spec';
import { purgeRecordedTenantDir } from './tenant-data-dir';
import { tenantEngine } from './tenant-engine';
import { stringField, fieldOf } from '../caught';

export interface RemoveOptions {
  /** Also delete the tenant's recorded directory with its databases. Only for an explicit customer delete. */
  purge?: boolean;
}

async function networkOwner(engine: Engine, name: string): Promise<string | undefined> {
  return dockerCall(engine, `inspect network ${name}`, async (d) => {
    try {
      const info = await d.getNetwork(name).inspect();
      return stringField(fieldOf(info, 'Labels'), LABEL_CUSTOMER) ?? '';
    } catch (err) {
      if (engineStatus(err) === 404) return undefined;
      throw err;
    }
  });
}

/**
 * Removes the tenant's containers (by label) and its network (only if the network carries
 * this customer's label). The data directory stays unless `purge` is set.
 */
export async function removeTenantStack(customer: { id: string; subdomain: string }, opts: RemoveOptions = {}): Promise<void> {
  await removeTenantStackOn(await tenantEngine(customer.id), customer);
  if (opts.purge) await purgeRecordedTenantDir(customer);
}

/** The same on a given engine, whatever the deployment says: a move cleans up the host it is leaving or failed to reach. */
export async function removeTenantStackOn(engine: Engine, customer: { id: string; subdomain: string }): Promise<void> {
  await removeStackContainers(engine, customer.id);
  const network = tenantNetworkName(customer.subdomain);
  if ((await networkOwner(engine, network)) === customer.id) await removeNetwork(engine, network);
}
