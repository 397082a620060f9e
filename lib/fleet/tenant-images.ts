import 'server-only';
import { db } from '../db';
import type { Settings } from '../settings/schema';
import { defaultImageSet, parseImageSet, type ImageSet } from './image-set';

/**
 * The images a tenant should run: its pin when it has one, else the fleet default. Every
 * deploy and redeploy asks this (lib/netbird/load-stack-spec), so a pinned tenant stays on
 * its images; an upgrade hands its target in as `override`.
 */
export async function tenantImages(customerId: string, settings: Settings, override?: ImageSet): Promise<ImageSet> {
  if (override) return override;
  const pin = await db().tenantPin.findUnique({ where: { customerId } });
  return parseImageSet(pin?.images) ?? defaultImageSet(settings);
}
