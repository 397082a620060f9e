import { AppError } from '../errors';
import type { HostView } from './schemas';

/**
 * What one tenant's stack (management, signal, relay, dashboard, Caddy) is reckoned to take of
 * a host's memory until the host is measured again: facts are refreshed only every few minutes,
 * and without this every customer created meanwhile would go to the same host.
 */
export const TENANT_MEMORY_ESTIMATE_BYTES = 256 * 1024 * 1024;

/** A host as placement sees it: its shown state, its last facts, and the tenants placed on it since. */
export type PlacementHost = Pick<HostView, 'id' | 'name' | 'state' | 'facts'> & { placed_since_facts?: number };

/** Free memory measured, less the estimate for each tenant placed since; null when never measured. */
export function estimatedFree(h: PlacementHost): number | null {
  const measured = h.facts?.memory_free_bytes;
  if (measured === null || measured === undefined) return null;
  return measured - (h.placed_since_facts ?? 0) * TENANT_MEMORY_ESTIMATE_BYTES;
}

/**
 * Where a new tenant goes: the host asked for, if it takes tenants; else the ready, reachable
 * host with the most free memory (measured, less the tenants placed since), or the local engine
 * when nothing was measured (an appliance without hosts behaves as before). Cordoned, draining
 * and unreachable hosts take no new tenants.
 */
export function chooseHost(hosts: PlacementHost[], requested?: string | null): string {
  if (requested) {
    const host = hosts.find((h) => h.id === requested || h.name === requested);
    if (!host) throw new AppError('VALIDATION_FAILED', 'Invalid value for: host', { fields: [{ path: 'host_id', message: 'no such host', code: 'custom' }] });
    if (host.state !== 'ready') throw new AppError('HOST_NOT_READY', `Host "${host.name}" takes no new customers (${host.state}).`, { field: 'host_id' });
    return host.id;
  }
  const ready = hosts.filter((h) => h.state === 'ready');
  if (ready.length === 0) throw new AppError('HOST_NOT_READY', 'No host takes new customers: every host is cordoned, draining or unreachable.');
  let best: { id: string; free: number } | undefined;
  for (const h of ready) {
    const free = estimatedFree(h);
    if (free !== null && (!best || free > best.free)) best = { id: h.id, free };
  }
  return best?.id ?? (ready.find((h) => h.id === 'local') ?? ready[0]).id;
}
