import { describe, expect, it } from 'vitest';
import type { FleetHost, TenantInventory } from './inventory';
import type { ImageSet } from './image-set';
import { selectTenants, selectionFields } from './select-tenants';

const OLD: ImageSet = { management: 'm:1', signal: 's:1', relay: 'r:1', dashboard: 'd:1', caddy: 'c:1' };
const NEW: ImageSet = { ...OLD, management: 'm:2' };

function tenant(sub: string, over: Partial<TenantInventory> = {}): TenantInventory {
  return { customer_id: `id-${sub}`, name: sub, subdomain: sub, status: 'active', layout: 'classic', host_id: 'local', running: OLD, version: '1', pinned: null, pinnedByPlan: false, behind: false, drift: false, ...over };
}

const hosts: FleetHost[] = [
  { id: 'local', name: 'local', labels: ['eu', 'ring-1'], combined_fits: true },
  { id: 'h2', name: 'second', labels: ['eu', 'ring-2'], combined_fits: true },
];
const fleet = [
  tenant('a'),
  tenant('b', { host_id: 'h2' }),
  tenant('c', { host_id: 'h2', layout: 'combined' }),
  tenant('d', { pinned: OLD }),
  tenant('e', { running: NEW }),
];
const subs = (r: { chosen: TenantInventory[] }) => r.chosen.map((t) => t.subdomain);
const upgrade = { kind: 'upgrade' as const };

describe('selectTenants', () => {
  it('all: every tenant that is behind, not pinned, classic; the others left out with a reason code', () => {
    const r = selectTenants(upgrade, fleet, hosts, NEW);
    expect(subs(r)).toEqual(['a', 'b']);
    expect(r.excluded.map((e) => `${e.subdomain}:${e.reason}`)).toEqual(['c:combined_layout', 'd:pinned', 'e:on_target']);
  });

  it('by host and by host label (every label given must be on the host)', () => {
    expect(subs(selectTenants({ ...upgrade, host_ids: ['h2'] }, fleet, hosts, NEW))).toEqual(['b']);
    expect(subs(selectTenants({ ...upgrade, host_labels: ['ring-1'] }, fleet, hosts, NEW))).toEqual(['a']);
    expect(subs(selectTenants({ ...upgrade, host_labels: ['eu'] }, fleet, hosts, NEW))).toEqual(['a', 'b']);
    expect(subs(selectTenants({ ...upgrade, host_labels: ['eu', 'ring-2'] }, fleet, hosts, NEW))).toEqual(['b']);
    expect(subs(selectTenants({ ...upgrade, host_ids: ['local'], host_labels: ['eu'] }, fleet, hosts, NEW))).toEqual(['a']);
  });

  it('a migration takes classic tenants whatever their images, and leaves combined ones out', () => {
    const r = selectTenants({ kind: 'migrate' }, fleet, hosts, NEW);
    expect(subs(r)).toEqual(['a', 'b', 'e']);
    expect(r.excluded.map((e) => `${e.subdomain}:${e.reason}`)).toEqual(['c:already_combined', 'd:pinned']);
  });

  it('a migration leaves out tenants on a host that announces its own STUN address', () => {
    const withStun = hosts.map((h) => (h.id === 'h2' ? { ...h, combined_fits: false } : h));
    const r = selectTenants({ kind: 'migrate' }, fleet, withStun, NEW);
    expect(subs(r)).toEqual(['a', 'e']);
    expect(r.excluded.map((e) => `${e.subdomain}:${e.reason}`)).toEqual(['b:host_announces_stun', 'c:already_combined', 'd:pinned']);
    // An upgrade is not a migration: the host's STUN does not matter to it.
    expect(subs(selectTenants(upgrade, fleet, withStun, NEW))).toEqual(['a', 'b']);
  });

  it('unknown customers and hosts, and labels no (selected) host carries, are 422 naming the field', () => {
    expect(() => selectTenants({ ...upgrade, customer_ids: ['id-a', 'nope'] }, fleet, hosts, NEW)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', details: { fields: [expect.objectContaining({ path: 'customer_ids' })] } }));
    expect(() => selectTenants({ ...upgrade, host_ids: ['nope'] }, fleet, hosts, NEW)).toThrow(expect.objectContaining({ details: { fields: [expect.objectContaining({ path: 'host_ids' })] } }));
    expect(() => selectTenants({ ...upgrade, host_labels: ['us'] }, fleet, hosts, NEW)).toThrow(expect.objectContaining({ details: { fields: [expect.objectContaining({ path: 'host_labels' })] } }));
    expect(() => selectTenants({ ...upgrade, host_ids: ['local'], host_labels: ['ring-2'] }, fleet, hosts, NEW)).toThrow(expect.objectContaining({ details: { fields: [expect.objectContaining({ path: 'host_labels' })] } }));
  });

  it('names the filters that emptied a selection, or the selection itself', () => {
    expect(selectionFields({ kind: 'upgrade', host_labels: ['x'], subdomain_prefix: 'p' })).toEqual(['subdomain_prefix', 'host_labels']);
    expect(selectionFields({ kind: 'upgrade' })).toEqual(['selection']);
  });

  it('a target naming the server image takes combined tenants too, each compared on its own layout; a layout filter takes one layout', () => {
    const running: ImageSet = { server: 'srv:1', dashboard: 'd:1', caddy: 'c:1' };
    const both: ImageSet = { ...NEW, server: 'srv:2' };
    const mixed = [tenant('a'), tenant('c', { layout: 'combined', running }), tenant('f', { layout: 'combined', running: { ...running, server: 'srv:2' } })];
    const r = selectTenants(upgrade, mixed, hosts, both);
    expect(subs(r)).toEqual(['a', 'c']);
    expect(r.excluded.map((e) => `${e.subdomain}:${e.reason}`)).toEqual(['f:on_target']);
    // Only the combined layout's images: classic tenants are left out, with their own reason.
    const serverOnly = selectTenants(upgrade, mixed, hosts, { server: 'srv:2', dashboard: 'd:1', caddy: 'c:1' });
    expect(subs(serverOnly)).toEqual(['c']);
    expect(serverOnly.excluded.map((e) => `${e.subdomain}:${e.reason}`)).toEqual(['a:classic_layout', 'f:on_target']);
    expect(subs(selectTenants({ ...upgrade, layout: 'classic' }, mixed, hosts, both))).toEqual(['a']);
    expect(subs(selectTenants({ ...upgrade, layout: 'combined' }, mixed, hosts, both))).toEqual(['c']);
    expect(selectionFields({ kind: 'upgrade', layout: 'combined' })).toEqual(['layout']);
  });
});
