import 'server-only';
import { db } from '../db';
import { getSettings } from '../settings/store';
import { closeEvent, openEventKeys, raiseEvent, resolveEvent } from './raise-event';
import { globalSingleton } from '../global-singleton';

/**
 * Tenant down / recovered, from the status the reconciler keeps (Docker events and its 30 s
 * sync): no Docker call of its own. A tenant is down once it has been in `error` while meant to
 * run for `alert_down_after_seconds`; a flap shorter than that is never sent. A failed job is
 * told as `job.failed` instead, so a broken deploy is not reported twice.
 */
const g = globalSingleton<{ tenantWatch?: { firstBad: Map<string, number> } }>('tenantWatch', () => ({}));
function firstBadTimes(): Map<string, number> {
  g.tenantWatch ??= { firstBad: new Map() };
  return g.tenantWatch.firstBad;
}

export async function checkTenants(now = Date.now()): Promise<void> {
  const threshold = (await getSettings()).alert_down_after_seconds * 1000;
  const customers = await db().customer.findMany({
    where: { deployment: { isNot: null } },
    select: { id: true, name: true, subdomain: true, status: true, statusReason: true, desiredState: true, failedJobId: true },
  });
  const open = new Set(await openEventKeys('tenant.down'));
  const firstBad = firstBadTimes();
  const seen = new Set<string>();
  for (const c of customers) {
    seen.add(c.id);
    const down = c.status === 'error' && c.desiredState === 'running' && !c.failedJobId;
    if (!down) {
      firstBad.delete(c.id);
      if (c.status === 'active' && open.has(c.id)) await resolveEvent('tenant.down', c.id);
      continue;
    }
    const since = firstBad.get(c.id) ?? now;
    firstBad.set(c.id, since);
    if (!open.has(c.id) && now - since >= threshold) {
      await raiseEvent({ kind: 'tenant.down', key: c.id, customerId: c.id, params: { subject: c.name === c.subdomain ? c.name : `${c.name} (${c.subdomain})`, detail: c.statusReason ?? '' } });
    }
  }
  for (const id of firstBad.keys()) if (!seen.has(id)) firstBad.delete(id);
  for (const id of open) if (!seen.has(id)) await closeEvent('tenant.down', id);
}
