import { AppError } from '../errors';
import { coversLayout, sameImages, type ImageSet } from './image-set';
import { isLayout } from '../netbird/layout';
import type { FleetHost, TenantInventory } from './inventory';
import type { PlanInput } from './plan-schema';

/** Why a tenant of the selection is left out (a code: the UI translates it). */
/**
 * `combined_layout` / `classic_layout`: the target names no images for that layout (a target of
 * the classic images only leaves combined tenants alone, and the other way round).
 */
/** `host_announces_stun`: a migration would put the combined server on a host whose STUN it cannot announce. */
export const EXCLUDED_REASONS = ['pinned', 'no_containers', 'already_combined', 'host_announces_stun', 'combined_layout', 'classic_layout', 'on_target'] as const;
export type ExcludedReason = (typeof EXCLUDED_REASONS)[number];

export interface Excluded {
  customer_id: string;
  subdomain: string;
  reason: ExcludedReason;
}

type Selection = Pick<PlanInput, 'kind' | 'customer_ids' | 'subdomain_prefix' | 'from_version' | 'host_ids' | 'host_labels' | 'layout'>;

function invalid(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `${path}: ${message}`, { fields: [{ path, message }] });
}

/** The hosts a plan may take tenants from: every named host must exist, and some host must carry the labels. */
function allowedHosts(input: Selection, hosts: FleetHost[]): Set<string> | null {
  if (!input.host_ids && !input.host_labels) return null;
  for (const id of input.host_ids ?? []) if (!hosts.some((h) => h.id === id)) throw invalid('host_ids', `unknown host ${id}`);
  const labels = input.host_labels ?? [];
  const matching = hosts.filter((h) => (!input.host_ids || input.host_ids.includes(h.id)) && labels.every((l) => h.labels.includes(l)));
  if (labels.length && !matching.length) throw invalid('host_labels', `no ${input.host_ids ? 'selected ' : ''}host carries ${labels.join(', ')}`);
  return new Set(matching.map((h) => h.id));
}

/**
 * Which tenants a plan takes, and why each other one in its selection is left out. The
 * selection is every deployed tenant, narrowed by each filter given (customers, subdomain prefix,
 * running version, hosts, host labels, layout). Then: a tenant pinned by a person is never taken
 * (its pin is the operator's word); an upgrade takes tenants of both layouts, each compared with
 * the target's images of its own layout, and skips those already on them and those of a layout
 * the target names no images for; a migration skips combined tenants and tenants on a host the
 * combined server cannot announce STUN for (lib/netbird/layout.ts, combinedFitsHost). Unknown customers and
 * hosts are 422 naming the field.
 */
export function selectTenants(input: Selection, tenants: TenantInventory[], hosts: FleetHost[], target: ImageSet): { chosen: TenantInventory[]; excluded: Excluded[] } {
  const ids = input.customer_ids ? new Set(input.customer_ids) : null;
  if (ids) for (const id of ids) if (!tenants.some((t) => t.customer_id === id)) throw invalid('customer_ids', `unknown customer ${id}`);
  const onHosts = allowedHosts(input, hosts);
  const chosen: TenantInventory[] = [];
  const excluded: Excluded[] = [];
  for (const t of tenants) {
    if (ids && !ids.has(t.customer_id)) continue;
    if (input.subdomain_prefix && !t.subdomain.startsWith(input.subdomain_prefix)) continue;
    if (input.from_version && t.version !== input.from_version) continue;
    if (onHosts && !onHosts.has(t.host_id)) continue;
    if (input.layout && t.layout !== input.layout) continue;
    const layout = isLayout(t.layout) ? t.layout : 'classic';
    const skip = (reason: ExcludedReason) => excluded.push({ customer_id: t.customer_id, subdomain: t.subdomain, reason });
    if (t.pinned && !t.pinnedByPlan) skip('pinned');
    else if (t.version === 'none') skip('no_containers');
    else if (input.kind === 'migrate' && t.layout !== 'classic') skip('already_combined');
    else if (input.kind === 'migrate' && hosts.find((h) => h.id === t.host_id)?.combined_fits === false) skip('host_announces_stun');
    else if (input.kind !== 'migrate' && !coversLayout(target, layout)) skip(layout === 'combined' ? 'combined_layout' : 'classic_layout');
    else if (input.kind !== 'migrate' && sameImages(t.running, target, layout)) skip('on_target');
    else chosen.push(t);
  }
  return { chosen, excluded };
}

/** The filters a plan was given, for an "empty selection" refusal that names them. */
export function selectionFields(input: Selection): string[] {
  const given = (['customer_ids', 'subdomain_prefix', 'from_version', 'host_ids', 'host_labels', 'layout'] as const).filter((k) => input[k] !== undefined);
  return given.length ? given : ['selection'];
}
