import { isOneOf } from '../one-of';
/**
 * A tenant's NetBird layout. `classic`: management, signal and relay as separate containers
 * (NetBird's layout up to v0.64). `combined`: one netbird-server container carrying all three
 * plus STUN (NetBird's quick start since v0.65). Both sit beside the dashboard behind the
 * tenant's Caddy. Pure: the UI and the settings form use it too.
 */
export const LAYOUTS = ['combined', 'classic'] as const;
export type Layout = (typeof LAYOUTS)[number];

/** The first NetBird release that ships the combined server. */
export const COMBINED_SINCE: readonly [number, number, number] = [0, 65, 0];

/**
 * The release an image reference names by its tag (`netbirdio/netbird-server:0.77.1`,
 * `…:v0.65.0`, `…:0.70.5-rootless`), or null when the tag is not a version (`latest`, a
 * digest, a branch name): then the appliance cannot tell what it would run.
 */
export function imageVersion(image: string): [number, number, number] | null {
  const withoutDigest = image.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  if (colon < 0) return null;
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+].*)?$/.exec(withoutDigest.slice(colon + 1));
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : null;
}

function atLeast(v: readonly number[], min: readonly number[]): boolean {
  for (let i = 0; i < min.length; i++) if (v[i] !== min[i]) return v[i] > min[i];
  return true;
}

/** Whether this server image is a combined-server release (>= 0.65). Unknown versions count as no. */
export function supportsCombined(serverImage: string): boolean {
  const v = imageVersion(serverImage);
  return v !== null && atLeast(v, COMBINED_SINCE);
}

/**
 * Whether the combined server can run on a host. NetBird's combined server announces STUN to
 * peers only as `stun:<host of exposedAddress>:<port>`, the tenant's domain (combined/cmd/config.go,
 * autoConfigureClientSettings); naming other STUN servers (`server.stuns`) switches its own STUN
 * off. The domain leads to NPM, so a host with a public address of its own (another host: STUN
 * must reach it directly, where the tenant's UDP port is published) needs classic, whose
 * management.json can announce that address beside the relay's own STUN.
 */
export function combinedFitsHost(hostStunAddress: string | null): boolean {
  return hostStunAddress === null;
}

/**
 * The layout a new tenant gets: combined when the configured server image is a release that
 * has it and the tenant's host lets it announce STUN correctly. An unversioned tag is not
 * guessed at: such tenants stay classic, and can be moved later with the migration job.
 */
export function layoutForNewTenant(serverImage: string, hostStunAddress: string | null = null): Layout {
  return supportsCombined(serverImage) && combinedFitsHost(hostStunAddress) ? 'combined' : 'classic';
}

export function isLayout(value: string): value is Layout {
  return isOneOf(LAYOUTS, value);
}
