import 'server-only';
import { db } from '../db';
import { AppError } from '../errors';
import { HISTORY_MS, HOST_INTERVAL_MS, readSamples, TENANT_INTERVAL_MS } from './sampler';
import type { UsageHistoryQuery } from './schemas';
import type { UsageHistory } from './views';

/** GET /api/monitoring/history: the last hour from the in-memory rings, oldest first. */
export async function getUsageHistory(query: UsageHistoryQuery, now = Date.now()): Promise<UsageHistory> {
  const since = now - HISTORY_MS;
  const s = readSamples();
  if (query.scope === 'host') {
    return {
      scope: 'host',
      interval_seconds: HOST_INTERVAL_MS / 1000,
      points: s.hostHistory.filter((p) => p.at >= since).map((p) => ({ t: p.at, cpu_percent: p.cpuPercent, memory_used_bytes: p.memoryUsedBytes, memory_total_bytes: p.memoryTotalBytes, load1: p.load1 })),
    };
  }
  const id = query.customer_id ?? '';
  const customer = await db().customer.findUnique({ where: { id }, select: { id: true } });
  if (!customer) throw new AppError('NOT_FOUND', `Customer ${id} does not exist`);
  return {
    scope: 'customer',
    customer_id: id,
    interval_seconds: TENANT_INTERVAL_MS / 1000,
    // null, not 0, where the customer had nothing running: a chart then shows a gap, not a fake idle.
    points: s.tenantHistory.filter((p) => p.at >= since).map((p) => ({ t: p.at, cpu_percent: p.usage[id]?.cpuPercent ?? null, memory_bytes: p.usage[id]?.memoryBytes ?? null })),
  };
}
