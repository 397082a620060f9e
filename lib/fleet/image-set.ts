import { z } from 'zod';

/**
 * Which images a tenant runs, as one map from service to image reference. Every part of fleet
 * upgrades reads and writes image sets through this module, so a second stack layout (one
 * combined server image instead of management/signal/relay) is added here and nowhere else.
 */
export const IMAGE_SERVICES = ['management', 'signal', 'relay', 'dashboard', 'caddy'] as const;
export type ImageService = (typeof IMAGE_SERVICES)[number];
export type ImageSet = Record<ImageService, string>;

/** The settings that hold the fleet default, one per service. */
export const IMAGE_SETTING: Record<ImageService, 'netbird_management_image' | 'netbird_signal_image' | 'netbird_relay_image' | 'netbird_dashboard_image' | 'caddy_image'> = {
  management: 'netbird_management_image',
  signal: 'netbird_signal_image',
  relay: 'netbird_relay_image',
  dashboard: 'netbird_dashboard_image',
  caddy: 'caddy_image',
};

const imageRef = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[a-z0-9][a-z0-9._/:@-]*$/i, 'must be an image reference such as netbirdio/management:0.77.1');

export const imageSetSchema = z.object({
  management: imageRef,
  signal: imageRef,
  relay: imageRef,
  dashboard: imageRef,
  caddy: imageRef,
});

/** The fleet default: the image settings every unpinned tenant follows. */
export function defaultImageSet(settings: Record<(typeof IMAGE_SETTING)[ImageService], string>): ImageSet {
  // cast: Object.fromEntries types its keys as string; IMAGE_SERVICES names every key of the set.
  return Object.fromEntries(IMAGE_SERVICES.map((s) => [s, settings[IMAGE_SETTING[s]]])) as ImageSet;
}

/** The settings fields an image set stands for, to hand to the stack spec in place of the defaults. */
export function imageSettingsOf(images: ImageSet): Record<(typeof IMAGE_SETTING)[ImageService], string> {
  // cast: Object.fromEntries types its keys as string; IMAGE_SERVICES maps to every image setting.
  return Object.fromEntries(IMAGE_SERVICES.map((s) => [IMAGE_SETTING[s], images[s]])) as Record<(typeof IMAGE_SETTING)[ImageService], string>;
}

/** A stored set (JSON); null when missing or not a whole set. */
export function parseImageSet(json: string | null | undefined): ImageSet | null {
  if (!json) return null;
  try {
    const parsed = imageSetSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A partial set when it names every service, else null. */
export function completeImageSet(images: Partial<ImageSet>): ImageSet | null {
  const { management, signal, relay, dashboard, caddy } = images;
  return management && signal && relay && dashboard && caddy ? { management, signal, relay, dashboard, caddy } : null;
}

/** The tag (or digest) of a reference: `netbirdio/management:0.77.1` → `0.77.1`; none → `latest`. */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  if (at >= 0) return image.slice(at + 1, at + 20);
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash ? image.slice(colon + 1) : 'latest';
}

/** The version a fleet view groups by: management's tag (signal and relay share it upstream). */
export function versionOf(images: Partial<ImageSet>): string {
  return images.management ? imageTag(images.management) : 'unknown';
}

export function sameImages(a: Partial<ImageSet>, b: Partial<ImageSet>): boolean {
  return IMAGE_SERVICES.every((s) => a[s] === b[s]);
}

/** The services whose image differs between two sets. */
export function changedServices(from: Partial<ImageSet>, to: ImageSet): ImageService[] {
  return IMAGE_SERVICES.filter((s) => from[s] !== to[s]);
}
