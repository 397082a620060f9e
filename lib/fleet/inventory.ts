import 'server-only';
import { db } from '../db';
import { getSettings } from '../settings/store';
import { getSnapshot } from '../status/snapshot';
import { defaultImageSet, IMAGE_SERVICES, parseImageSet, sameImages, versionOf, type ImageSet } from './image-set';
import { isOneOf } from '../one-of';

export interface TenantInventory {
  customer_id: string;
  name: string;
  subdomain: string;
  status: string;
  /** Images of the containers the engine runs for the tenant (by service), not our records. */
  running: Partial<ImageSet>;
  version: string;
  /** Its pin, or null when it follows the fleet default. */
  pinned: ImageSet | null;
  /** The pin was set by an upgrade plan (to its target), not by a person: later plans may move it on. */
  pinnedByPlan: boolean;
  /** Runs other images than the fleet default. */
  behind: boolean;
  /** Runs other images than it should (its pin or the default). */
  drift: boolean;
}

export interface FleetInventory {
  fleet_default: ImageSet;
  default_version: string;
  tenants: TenantInventory[];
  versions: { version: string; tenants: number; behind: boolean }[];
  snapshot_error: string | null;
}

/**
 * What every tenant runs, read from the shared container snapshot (one list call for the
 * whole fleet, refreshed by the reconciler): no engine call per tenant or per request.
 */
export async function readInventory(): Promise<FleetInventory> {
  const [settings, snapshot, customers, pins] = await Promise.all([
    getSettings(),
    getSnapshot(),
    db().customer.findMany({ where: { deployment: { isNot: null } }, select: { id: true, name: true, subdomain: true, status: true }, orderBy: { subdomain: 'asc' } }),
    db().tenantPin.findMany(),
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
    return {
      customer_id: c.id,
      name: c.name,
      subdomain: c.subdomain,
      status: c.status,
      running,
      version: hasAny ? versionOf(running) : 'none',
      pinned,
      pinnedByPlan: planPinned.has(c.id),
      behind: hasAny && !sameImages(running, fleetDefault),
      drift: hasAny && !sameImages(running, pinned ?? fleetDefault),
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
    versions: [...groups].map(([version, g]) => ({ version, ...g })).sort((a, b) => b.tenants - a.tenants || a.version.localeCompare(b.version)),
    snapshot_error: snapshot.error ?? null,
  };
}
