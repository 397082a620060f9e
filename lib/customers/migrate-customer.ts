import 'server-only';
import type { Actor } from '../auth/actor';
import { db } from '../db';
import { AppError } from '../errors';
import { enqueueJob } from '../jobs/enqueue-job';
import type { JobView } from '../jobs/job-view';
import { combinedFitsHost, supportsCombined } from '../netbird/layout';
import { hostStunAddress } from '../hosts/tenant-host';
import { getSettings } from '../settings/store';

/**
 * Queues the move of a classic tenant onto the combined server (lib/netbird/migrate-layout).
 * Refused with 409 when there is nothing to move or nothing to move to; the job itself backs
 * up first and returns to classic on failure.
 */
export async function requestLayoutMigration(actor: Actor, customerId: string): Promise<JobView> {
  const customer = await db().customer.findUnique({ where: { id: customerId }, include: { deployment: { select: { deployedAt: true, hostId: true } } } });
  if (!customer) throw new AppError('NOT_FOUND', 'Customer not found.');
  if (customer.layout !== 'classic') throw new AppError('CONFLICT', `${customer.subdomain} already runs the ${customer.layout} layout.`);
  if (!customer.deployment?.deployedAt) throw new AppError('CONFLICT', 'This customer has not been deployed yet: deploy it first.');
  if (!combinedFitsHost(await hostStunAddress(customer.deployment.hostId))) {
    throw new AppError('CONFLICT', `${customer.subdomain} runs on a host with its own public address: the combined server can announce STUN only at the tenant's domain, so it stays classic there.`);
  }
  const image = (await getSettings()).netbird_server_image;
  if (!supportsCombined(image)) {
    throw new AppError('CONFLICT', `The combined server image ${image} does not name NetBird 0.65 or later: set netbird_server_image to a release first.`);
  }
  return enqueueJob(actor, customerId, 'migrate');
}
