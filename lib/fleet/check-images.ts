import 'server-only';
import { engineFor } from '../docker/engine';
import { ensureImages } from '../docker/images';
import { AppError, isAppError } from '../errors';
import { ensureHostEngines } from '../hosts/host-engines';
import { IMAGE_SERVICES, type ImageSet } from './image-set';

/**
 * Explicit target images must exist on every host the plan touches (present, or pulled now):
 * a misspelt tag is refused before a canary is snapshotted and swapped, as 422 naming the
 * service's field. An engine that does not answer is its own error (503), not the image's.
 */
export async function checkTargetImages(images: ImageSet, hostIds: string[]): Promise<void> {
  await ensureHostEngines();
  for (const hostId of new Set(hostIds)) {
    const engine = engineFor(hostId);
    for (const service of IMAGE_SERVICES) {
      try {
        await ensureImages(engine, [images[service]]);
      } catch (err) {
        if (!isAppError(err, 'IMAGE_UNAVAILABLE')) throw err;
        const path = `images.${service}`;
        throw new AppError('VALIDATION_FAILED', `${path}: ${err.message}`, { fields: [{ path, message: `image ${images[service]} is not available on host ${hostId}` }] });
      }
    }
  }
}
