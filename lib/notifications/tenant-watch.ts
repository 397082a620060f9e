import 'server-only';
import { db } from '../db';
import { getSettings } from '../settings/store';
import { tenantHealth } from './health-watch';
import { clearPending, markPending, pendingSince } from './pending-conditions';
import { closeEvent, openEventKeys, raiseEvent, resolveEvent } from './raise-event';

/**
 * Tenant down / recovered. Down means either of:
 * - the reconciler's status (Docker events and its 30 s sync) is `error` while the tenant is
 *   meant to run — a container stopped, crashed or is missing;
 * - its containers all run but the health watch finds it failing (management's API or the
 *   dashboard not answering through Caddy).
 * Either must last `alert_down_after_seconds` before one `tenant.down` is raised; a flap shorter
 * than that is never sent, and the recovery is sent once the tenant is active and answers again.
 * When a condition began is kept in the database (NotificationPending), so a restart neither
 * loses a pending "down" nor starts its clock again; an open event is a row too, so nothing is
 * sent twice. A failed job is told as `job.failed` instead, so a broken deploy is not reported twice.
 */
const PREFIX = 'tenant.down:';

export async function checkTenants(now = Date.now()): Promise<void> {
  const threshold = (await getSettings()).alert_down_after_seconds * 1000;
  const customers = await db().customer.findMany({
    where: { deployment: { isNot: null } },
    select: { id: true, name: true, subdomain: true, status: true, statusReason: true, desiredState: true, failedJobId: true },
  });
  const open = new Set(await openEventKeys('tenant.down'));
  const pending = await pendingSince(PREFIX);
  const health = tenantHealth();
  const ended: string[] = [];
  const seen = new Set<string>();
  for (const c of customers) {
    const key = `${PREFIX}${c.id}`;
    seen.add(key);
    const stopped = c.status === 'error' && c.desiredState === 'running' && !c.failedJobId;
    const unhealthy = c.status === 'active' ? health.failing.get(c.id) : undefined;
    if (!stopped && unhealthy === undefined) {
      // Right after a start the health of an active tenant is not known yet: keep its clock and its open event.
      if (c.status === 'active' && !health.checked) continue;
      if (pending.has(key)) ended.push(key);
      if (c.status === 'active' && open.has(c.id)) await resolveEvent('tenant.down', c.id);
      continue;
    }
    const since = pending.get(key) ?? now;
    if (!pending.has(key)) await markPending(key, since);
    if (!open.has(c.id) && now - since >= threshold) {
      const detail = stopped ? (c.statusReason ?? '') : (unhealthy ?? '');
      await raiseEvent({ kind: 'tenant.down', key: c.id, customerId: c.id, params: { subject: c.name === c.subdomain ? c.name : `${c.name} (${c.subdomain})`, detail } });
    }
  }
  for (const key of pending.keys()) if (!seen.has(key)) ended.push(key);
  await clearPending(ended);
  for (const id of open) if (!seen.has(`${PREFIX}${id}`)) await closeEvent('tenant.down', id);
}
