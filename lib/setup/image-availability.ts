import 'server-only';
import { dockerCall, engineMessage } from '../docker/client';
import type { Engine } from '../docker/engine';
import { registryOf } from '../docker/image-ref';
import { imagePresent } from '../docker/images';

export interface ImageAvailability {
  image: string;
  /** Where a pull would fetch it from. */
  registry: string;
  present: boolean;
  /** Checked against the registry when the image is not on the host; null when not needed. */
  pullable: boolean | null;
  error?: string;
}

/**
 * Whether the engine has `image`, and if not, whether it could pull it: the engine asks the
 * registry for the image's manifest (the distribution endpoint) without downloading layers.
 * Checked, not guessed: an unreachable registry or an unknown tag is reported with its reason.
 */
export async function checkImage(engine: Engine, image: string): Promise<ImageAvailability> {
  const registry = registryOf(image);
  const present = await imagePresent(engine, image);
  if (present) return { image, registry, present, pullable: null };
  try {
    await dockerCall(engine, `look up ${image} in ${registry}`, (d) => d.getImage(image).distribution(), 20_000);
    return { image, registry, present, pullable: true };
  } catch (err) {
    return { image, registry, present, pullable: false, error: engineMessage(err) };
  }
}
