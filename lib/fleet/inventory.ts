import 'server-only';
import { db } from '../db';
import { getSettings } from '../settings/store';
import { getSnapshot } from '../status/snapshot';
import { defaultImageSet, fillImageSet, IMAGE_SERVICES, parseImageSet, sameImages, versionOf, type FullImageSet, type ImageSet } from './image-set';
import { isOneOf } from '../one-of';
import { combinedFitsHost, isLayout } from '../netbird/layout';
import { stunAddressOf } from '../hosts/tenant-host';

export interface TenantInventory {
  customer_id: string;
  name: string;
  subdomain: string;
  status: string;
  /** classic | combined (lib/netbird/layout). */
  layout: string;
  /** The Docker host the tenant runs on. */
  host_id: string;
  /** Images of the containers the engine runs for the tenant (by service), not our records. */
  running: Partial<ImageSet>;
  version: string;
  /** Its pin (the images of its layout, or of both), or null when it follows the fleet default. */
  pinned: ImageSet | null;
  /** The pin was set by an upgrade plan (to its target), not by a person: later plans may move it on. */
  pinnedByPlan: boolean;
  /** Runs other images than the fleet default. */
  behind: boolean;
  /** Runs other images than it should (its pin or the default). */
  drift: boolean;
}

export interface FleetHost {
  id: string;
  name: string;
  labels: string[];
  /** Whether the combined server can run there (see combinedFitsHost: no STUN address of its own). */
  combined_fits: boolean;
}

export interface FleetInventory {
  fleet_default: FullImageSet;
  default_version: string;
  tenants: TenantInventory[];
  /** Every host with its labels: what a plan may select tenants by. */
  hosts: FleetHost[];
  versions: { version: string; tenants: number; behind: boolean }[];
  snapshot_error: string | null;
}

/** Host labels are a JSON array the host form wrote; anything else reads as no labels. */
function parseLabels(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch (err) {
    if (err instanceof SyntaxError) return [];
    throw err;
  }
}

/**
 * What every tenant runs, read from the shared container snapshot (one list call for the
 * whole fleet, refreshed by the reconciler): no engine call per tenant or per request.
 */
export async function readInventory(): Promise<FleetInventory> {
  const [settings, snapshot, customers, pins, hosts] = await Promise.all([
    getSettings(),
    getSnapshot(),
    db().customer.findMany({
      where: { deployment: { isNot: null } },
      select: { id: true, name: true, subdomain: true, status: true, layout: true, deployment: { select: { hostId: true } } },
      orderBy: { subdomain: 'asc' },
    }),
    db().tenantPin.findMany(),
    db().host.findMany({ select: { id: true, name: true, labels: true, publicAddress: true }, orderBy: { name: 'asc' } }),
  ]);
  const fleetDefault = defaultImageSet(settings);
  const pinOf = new Map(pins.map((p) => [p.customerId, parseImageSet(p.images)]));
  const planPinned = new Set(pins.filter((p) => p.planId).map((p) => p.customerId));
  const tenants = customers.map((c): TenantInventory => {
    const running: Partial<ImageSet> = {};
    for (const container of snapshot.byCustomer.get(c.id) ?? []) {
      if (isOneOf(IMAGE_SERVICES, container.service)) running[container.service] = container.image;
    }
    const pinned = pinOf.get(c.id) ?? null;
    const hasAny = Object.keys(running).length > 0;
    // Each tenant is compared on the images of its own layout; the other layout's are not its concern.
    const layout = isLayout(c.layout) ? c.layout : 'classic';
    const should = fillImageSet(fleetDefault, pinned);
    return {
      customer_id: c.id,
      name: c.name,
      subdomain: c.subdomain,
      status: c.status,
      layout: c.layout,
      host_id: c.deployment?.hostId ?? 'local',
      running,
      version: hasAny ? versionOf(running) : 'none',
      pinned,
      pinnedByPlan: planPinned.has(c.id),
      behind: hasAny && !sameImages(running, fleetDefault, layout),
      drift: hasAny && !sameImages(running, should, layout),
    };
  });
  const groups = new Map<string, { tenants: number; behind: boolean }>();
  for (const t of tenants) {
    const g = groups.get(t.version) ?? { tenants: 0, behind: false };
    g.tenants++;
    g.behind ||= t.behind;
    groups.set(t.version, g);
  }
  return {
    fleet_default: fleetDefault,
    default_version: versionOf(fleetDefault),
    tenants,
    hosts: hosts.map((h) => ({ id: h.id, name: h.name, labels: parseLabels(h.labels), combined_fits: combinedFitsHost(stunAddressOf(h)) })),
    versions: [...groups].map(([version, g]) => ({ version, ...g })).sort((a, b) => b.tenants - a.tenants || a.version.localeCompare(b.version)),
    snapshot_error: snapshot.error ?? null,
  };
}
