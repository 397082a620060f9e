import { z } from 'zod';
import type { Layout } from '../netbird/layout';

/**
 * Which images a tenant runs, as one map from service to image reference. Every part of fleet
 * upgrades reads and writes image sets through this module. One set covers both NetBird layouts:
 * a classic tenant runs management, signal, relay, dashboard and caddy; a combined tenant runs
 * server (netbird-server), dashboard and caddy. A set may name only one layout's services (a
 * plan's target for combined tenants only, a combined tenant's pin); the services a set does not
 * name follow the fleet default wherever a whole set is needed (tenant-images).
 */
export const IMAGE_SERVICES = ['management', 'signal', 'relay', 'server', 'dashboard', 'caddy'] as const;
export type ImageService = (typeof IMAGE_SERVICES)[number];
/** Images by service; whole for at least one layout when it comes through the schema. */
export type ImageSet = Partial<Record<ImageService, string>>;
/** Every service named: the fleet default, or a set filled up from it. */
export type FullImageSet = Record<ImageService, string>;

/**
 * The images each layout runs: the services of lib/netbird/stack-spec (`servicesOf`; a unit test
 * holds the two equal). Not imported from there: the plan editor imports this module, and the
 * spec drags Node's path module into the browser bundle.
 */
export const LAYOUT_IMAGES: Record<Layout, readonly ImageService[]> = {
  classic: ['management', 'signal', 'relay', 'dashboard', 'caddy'],
  combined: ['server', 'dashboard', 'caddy'],
};

/** The service whose container holds the tenant's data (/var/lib/netbird): stack-spec's `managementServiceOf`. */
export const DATA_SERVICE: Record<Layout, 'management' | 'server'> = { classic: 'management', combined: 'server' };

/** The settings that hold the fleet default, one per service. */
export const IMAGE_SETTING: Record<ImageService, 'netbird_management_image' | 'netbird_signal_image' | 'netbird_relay_image' | 'netbird_server_image' | 'netbird_dashboard_image' | 'caddy_image'> = {
  management: 'netbird_management_image',
  signal: 'netbird_signal_image',
  relay: 'netbird_relay_image',
  server: 'netbird_server_image',
  dashboard: 'netbird_dashboard_image',
  caddy: 'caddy_image',
};
type ImageSettings = Record<(typeof IMAGE_SETTING)[ImageService], string>;

const imageRef = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[a-z0-9][a-z0-9._/:@-]*$/i, 'must be an image reference such as netbirdio/management:0.77.1');

/** Whether a set names every image of a layout. */
export function coversLayout(images: ImageSet, layout: Layout): boolean {
  return LAYOUT_IMAGES[layout].every((s) => Boolean(images[s]));
}

/**
 * A set as the API, a pin and a plan take it: every service optional, but whole for the classic
 * or the combined layout (or both). A set of the five classic images, as stored before the
 * combined layout existed, still reads.
 */
export const imageSetSchema = z
  .object({ management: imageRef.optional(), signal: imageRef.optional(), relay: imageRef.optional(), server: imageRef.optional(), dashboard: imageRef.optional(), caddy: imageRef.optional() })
  .superRefine((set, ctx) => {
    if (coversLayout(set, 'classic') || coversLayout(set, 'combined')) return;
    // Name the fields missing for the layout the set is closer to.
    const layout: Layout = set.server ? 'combined' : 'classic';
    for (const s of LAYOUT_IMAGES[layout]) if (!set[s]) ctx.addIssue({ code: 'custom', path: [s], message: `required for the ${layout} layout` });
  });

/** The fleet default: the image settings every unpinned tenant follows. */
export function defaultImageSet(settings: ImageSettings): FullImageSet {
  // cast: Object.fromEntries types its keys as string; IMAGE_SERVICES names every key of the set.
  return Object.fromEntries(IMAGE_SERVICES.map((s) => [s, settings[IMAGE_SETTING[s]]])) as FullImageSet;
}

/** The settings fields an image set stands for, to hand to the stack spec in place of the defaults. */
export function imageSettingsOf(images: FullImageSet): ImageSettings {
  // cast: Object.fromEntries types its keys as string; IMAGE_SERVICES maps to every image setting.
  return Object.fromEntries(IMAGE_SERVICES.map((s) => [IMAGE_SETTING[s], images[s]])) as ImageSettings;
}

/** A stored set (JSON); null when missing or not whole for any layout. */
export function parseImageSet(json: string | null | undefined): ImageSet | null {
  if (!json) return null;
  try {
    const parsed = imageSetSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** `base` with the images `over` names put in (a pin or a target over the fleet default). */
export function fillImageSet(base: FullImageSet, over: ImageSet | null | undefined): FullImageSet {
  const whole = { ...base };
  for (const s of IMAGE_SERVICES) {
    const image = over?.[s];
    if (image) whole[s] = image;
  }
  return whole;
}

/** Only the images of one layout (what a tenant of that layout runs of the set). */
export function layoutImages(images: ImageSet, layout: Layout): ImageSet {
  return Object.fromEntries(LAYOUT_IMAGES[layout].filter((s) => images[s]).map((s) => [s, images[s]]));
}

/** The tag (or digest) of a reference: `netbirdio/management:0.77.1` → `0.77.1`; none → `latest`. */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  if (at >= 0) return image.slice(at + 1, at + 20);
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash ? image.slice(colon + 1) : 'latest';
}

/**
 * The version a fleet view groups by: management's tag (signal and relay share it upstream), or
 * the combined server's for a set without management (a combined tenant).
 */
export function versionOf(images: ImageSet): string {
  const image = images.management ?? images.server;
  return image ? imageTag(image) : 'unknown';
}

/** Same images for the services of a layout (a tenant of that layout runs no others). */
export function sameImages(a: ImageSet, b: ImageSet, layout: Layout): boolean {
  return LAYOUT_IMAGES[layout].every((s) => a[s] === b[s]);
}

/** The services of a layout whose image differs between two sets. */
export function changedServices(from: ImageSet, to: ImageSet, layout: Layout): ImageService[] {
  return LAYOUT_IMAGES[layout].filter((s) => from[s] !== to[s]);
}

/** Whether an upgrade from one set to another changes the image that owns the data (its store may be migrated). */
export function changesDataImage(from: ImageSet, to: ImageSet, layout: Layout): boolean {
  return changedServices(from, to, layout).includes(DATA_SERVICE[layout]);
}
