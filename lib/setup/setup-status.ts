import 'server-only';
import { supportsCombined } from '../netbird/layout';
import { localEngine } from '../docker/engine';
import { pingDocker } from '../docker/ping';
import type { NpmConnectionResult } from '../proxy/test-connection';
import type { Settings } from '../settings/schema';
import { getSettings, storeSettings } from '../settings/store';
import { checkImage, type ImageAvailability } from './image-availability';
import { globalSingleton } from '../global-singleton';

export type SetupItemId = 'base_domain' | 'npm' | 'docker' | 'images';

export interface SetupItem {
  id: SetupItemId;
  ok: boolean;
  /** Why it is not done, as a message key of setup.reasons (the UI says what to do). */
  reason?: 'missing' | 'untested' | 'changed' | 'unreachable' | 'images_missing';
  images?: ImageAvailability[];
  error?: string;
}

export interface SetupStatus {
  done: boolean;
  items: SetupItem[];
}

const IMAGE_CACHE_MS = 60_000;
const cache = globalSingleton<{ setupImageCheck?: { key: string; at: number; result: Promise<ImageAvailability[]> } }>('setupImageCheck', () => ({}));

function imagesOf(s: Settings): string[] {
  // The combined server image only matters once new tenants would run it.
  const server = supportsCombined(s.netbird_server_image) ? [s.netbird_server_image] : [];
  return [...new Set([s.netbird_management_image, s.netbird_signal_image, s.netbird_relay_image, s.netbird_dashboard_image, s.caddy_image, ...server])];
}

/** Registry look-ups take seconds: one check per image list a minute, whoever asks. */
function checkImagesCached(images: string[]): Promise<ImageAvailability[]> {
  const key = images.join(' ');
  const hit = cache.setupImageCheck;
  if (hit && hit.key === key && Date.now() - hit.at < IMAGE_CACHE_MS) return hit.result;
  const result = Promise.all(images.map((image) => checkImage(localEngine(), image)));
  cache.setupImageCheck = { key, at: Date.now(), result };
  result.catch(() => (cache.setupImageCheck = undefined));
  return result;
}

function npmItem(s: Settings): SetupItem {
  if (!s.npm_api_url || !s.npm_api_email || !s.npm_api_password) return { id: 'npm', ok: false, reason: 'missing' };
  if (!s.npm_tested) return { id: 'npm', ok: false, reason: 'untested' };
  if (s.npm_tested.url !== s.npm_api_url || s.npm_tested.email !== s.npm_api_email) return { id: 'npm', ok: false, reason: 'changed' };
  return { id: 'npm', ok: true };
}

/**
 * What a fresh appliance still needs before a deploy can succeed: a base domain, a Nginx
 * Proxy Manager that passed the connection test with the saved address and login, a
 * reachable Docker Engine, and every configured image on the host or pullable from its registry.
 */
export async function getSetupStatus(): Promise<SetupStatus> {
  const s = await getSettings();
  // New customers deploy to the appliance's own engine: that is the one the checklist asks.
  const docker = await pingDocker(localEngine());
  const items: SetupItem[] = [
    { id: 'base_domain', ok: s.base_domain !== '', ...(s.base_domain ? {} : { reason: 'missing' as const }) },
    npmItem(s),
    docker.reachable ? { id: 'docker', ok: true } : { id: 'docker', ok: false, reason: 'unreachable', error: docker.error },
  ];
  if (docker.reachable) {
    const images = await checkImagesCached(imagesOf(s));
    const ok = images.every((i) => i.present || i.pullable);
    items.push({ id: 'images', ok, images, ...(ok ? {} : { reason: 'images_missing' as const }) });
  } else {
    items.push({ id: 'images', ok: false, reason: 'unreachable' });
  }
  return { done: items.every((i) => i.ok), items };
}

/** Remembers a passed NPM connection test of these settings (the checklist's "NPM tested"). */
export async function recordNpmTest(result: NpmConnectionResult, tested: Settings): Promise<void> {
  if (!result.ok) return;
  await storeSettings({ npm_tested: { url: tested.npm_api_url, email: tested.npm_api_email, at: new Date().toISOString() } });
}

/** A new image list is checked again at once (Settings → Images saved, or an image loaded). */
export function forgetImageCheck(): void {
  cache.setupImageCheck = undefined;
}
