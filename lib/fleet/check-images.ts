import 'server-only';
import { engineFor, LOCAL_ENGINE_ID } from '../docker/engine';
import { ensureImages } from '../docker/images';
import { AppError, isAppError } from '../errors';
import { ensureHostEngines } from '../hosts/host-engines';
import { isLayout } from '../netbird/layout';
import { IMAGE_SERVICES, LAYOUT_IMAGES, type ImageService, type ImageSet } from './image-set';

/** Which of the target's images each host needs: those of the layouts its selected tenants run. */
function neededByHost(images: ImageSet, tenants: { host_id: string; layout: string }[]): Map<string, Set<ImageService>> {
  const byHost = new Map<string, Set<ImageService>>();
  // Nothing selected (a dry run showing an empty plan): every image named, on the appliance's own engine.
  if (!tenants.length) byHost.set(LOCAL_ENGINE_ID, new Set(IMAGE_SERVICES.filter((s) => images[s])));
  for (const t of tenants) {
    const set = byHost.get(t.host_id) ?? new Set<ImageService>();
    for (const s of LAYOUT_IMAGES[isLayout(t.layout) ? t.layout : 'classic']) if (images[s]) set.add(s);
    byHost.set(t.host_id, set);
  }
  return byHost;
}

/**
 * Explicit target images must exist on every host the plan touches (present, or pulled now):
 * a misspelt tag is refused before a canary is snapshotted and swapped, as 422 naming the
 * service's field. A host is asked only for the images of the layouts its selected tenants run.
 * An engine that does not answer is its own error (503), not the image's.
 */
export async function checkTargetImages(images: ImageSet, tenants: { host_id: string; layout: string }[]): Promise<void> {
  await ensureHostEngines();
  for (const [hostId, services] of neededByHost(images, tenants)) {
    const engine = engineFor(hostId);
    for (const service of IMAGE_SERVICES.filter((s) => services.has(s))) {
      const image = images[service];
      if (!image) continue;
      try {
        await ensureImages(engine, [image]);
      } catch (err) {
        if (!isAppError(err, 'IMAGE_UNAVAILABLE')) throw err;
        const path = `images.${service}`;
        throw new AppError('VALIDATION_FAILED', `${path}: ${err.message}`, { fields: [{ path, message: `image ${image} is not available on host ${hostId}` }] });
      }
    }
  }
}
