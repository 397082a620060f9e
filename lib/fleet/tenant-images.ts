import 'server-only';
import { db } from '../db';
import type { Settings } from '../settings/schema';
import { defaultImageSet, fillImageSet, parseImageSet, type FullImageSet, type ImageSet } from './image-set';

/**
 * The images a tenant should run: an upgrade's target or its rollback's previous images
 * (`override`), else its pin, else the fleet default. Every deploy and redeploy asks this
 * (lib/netbird/load-stack-spec). A set names the services of one layout or both; whatever it
 * does not name (the other layout's images) is filled from the fleet default, so a combined
 * tenant's pin holds its server and dashboard, and a migration onto the server uses the default.
 */
export async function tenantImages(customerId: string, settings: Settings, override?: ImageSet): Promise<FullImageSet> {
  const pin = override ? null : await db().tenantPin.findUnique({ where: { customerId } });
  return fillImageSet(defaultImageSet(settings), override ?? parseImageSet(pin?.images));
}
