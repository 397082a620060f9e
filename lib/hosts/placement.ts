import { AppError } from '../errors';
import type { HostView } from './schemas';

/**
 * Where a new tenant goes: the host asked for, if it takes tenants; else the ready, reachable
 * host with the most free memory measured at its last test (the local engine when nothing was
 * measured, so an appliance without hosts behaves as before). Cordoned, draining and
 * unreachable hosts take no new tenants.
 */
export function chooseHost(hosts: Pick<HostView, 'id' | 'name' | 'state' | 'facts'>[], requested?: string | null): string {
  if (requested) {
    const host = hosts.find((h) => h.id === requested || h.name === requested);
    if (!host) throw new AppError('VALIDATION_FAILED', 'Invalid value for: host', { fields: [{ path: 'host_id', message: 'no such host', code: 'custom' }] });
    if (host.state !== 'ready') throw new AppError('HOST_NOT_READY', `Host "${host.name}" takes no new customers (${host.state}).`, { field: 'host_id' });
    return host.id;
  }
  const ready = hosts.filter((h) => h.state === 'ready');
  if (ready.length === 0) throw new AppError('HOST_NOT_READY', 'No host takes new customers: every host is cordoned, draining or unreachable.');
  const free = (h: (typeof ready)[number]) => h.facts?.memory_free_bytes ?? -1;
  const best = ready.reduce((a, b) => (free(b) > free(a) ? b : a));
  return free(best) >= 0 ? best.id : (ready.find((h) => h.id === 'local') ?? best).id;
}
