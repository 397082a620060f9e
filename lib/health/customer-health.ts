import 'server-only';
import { db } from '../db';
import { AppError } from '../errors';
import { checkStackHealth } from './stack-health';
import { loadStackSpec } from '../netbird/load-stack-spec';
import { tenantEngine } from '../netbird/tenant-engine';

export interface HealthView {
  customer_id: string;
  healthy: boolean;
  checked_at: string;
  containers: { service: string; state: string; healthy: boolean; detail: string; restarts: number; since: string | null }[];
}

/** Per-container state, health result, restart count and start time, checked now through the tenant's Caddy. */
export async function getCustomerHealth(id: string): Promise<HealthView> {
  const deployment = await db().deployment.findUnique({ where: { customerId: id }, select: { id: true } });
  if (!deployment) {
    if (!(await db().customer.count({ where: { id } }))) throw new AppError('NOT_FOUND', 'Customer not found.');
    throw new AppError('CONFLICT', 'This customer has not been deployed yet.');
  }
  const health = await checkStackHealth(await tenantEngine(id), await loadStackSpec(id));
  await db().deployment.update({ where: { customerId: id }, data: { lastHealth: JSON.stringify(health), lastHealthAt: health.checkedAt } });
  return {
    customer_id: id,
    healthy: health.healthy,
    checked_at: health.checkedAt.toISOString(),
    containers: health.services.map((s) => ({
      service: s.service,
      state: s.state,
      healthy: s.healthy,
      detail: s.detail,
      restarts: s.restartCount,
      since: s.startedAt?.toISOString() ?? null,
    })),
  };
}
