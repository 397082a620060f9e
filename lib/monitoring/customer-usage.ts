import 'server-only';
import { db } from '../db';
import { cachedRead } from '../read-cache';
import type { TenantUsage } from './aggregate';
import { requestTenantSample, readSamples, TENANT_INTERVAL_MS } from './sampler';
import { sampleAge } from './host-overview';
import type { CustomerUsageQuery } from './schemas';
import type { CustomerUsagePage, CustomerUsageRow } from './views';

interface CustomerRecord {
  id: string;
  name: string;
  subdomain: string;
  status: string;
}

export function toUsageRow(c: CustomerRecord, u: TenantUsage | undefined): CustomerUsageRow {
  return {
    id: c.id,
    name: c.name,
    subdomain: c.subdomain,
    status: c.status,
    cpu_percent: u ? u.cpuPercent : null,
    memory_bytes: u ? u.memoryBytes : null,
    memory_limit_bytes: u ? u.memoryLimitBytes : null,
    containers_running: u?.containers ?? 0,
    network_rx_bytes: u ? u.networkRxBytes : null,
    network_tx_bytes: u ? u.networkTxBytes : null,
  };
}

/** Sorts rows; customers without figures always go last, whatever the order, then by name. */
export function sortUsageRows(rows: CustomerUsageRow[], sort: 'cpu' | 'memory' | 'name', order: 'asc' | 'desc'): CustomerUsageRow[] {
  const sign = order === 'asc' ? 1 : -1;
  const byName = (a: CustomerUsageRow, b: CustomerUsageRow) => a.name.localeCompare(b.name) || a.subdomain.localeCompare(b.subdomain);
  if (sort === 'name') return [...rows].sort((a, b) => sign * byName(a, b));
  const value = (r: CustomerUsageRow) => (sort === 'cpu' ? r.cpu_percent : r.memory_bytes);
  return [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null || vb === null) return va === vb ? byName(a, b) : va === null ? 1 : -1;
    return sign * (va - vb) || byName(a, b);
  });
}

/**
 * GET /api/monitoring/customers: every customer (one DB query, cached until the database changes) joined with the last tenant
 * sample, sorted and paged here because CPU and memory live in memory, not in the database.
 */
export async function listCustomerUsage(query: CustomerUsageQuery): Promise<CustomerUsagePage> {
  const order = query.order ?? (query.sort === 'name' ? 'asc' : 'desc');
  const search = query.search || undefined;
  const customers = await cachedRead(`usage-customers:${search ?? ''}`, [], () =>
    db().customer.findMany({
      where: search ? { OR: [{ name: { contains: search } }, { subdomain: { contains: search.toLowerCase() } }] } : undefined,
      select: { id: true, name: true, subdomain: true, status: true },
    }),
  );
  const s = readSamples();
  const usage = s.tenant?.usage ?? {};
  // A customer that went active since the last sample would show empty for up to a minute: ask for an early one.
  if (customers.some((c) => c.status === 'active' && !usage[c.id])) requestTenantSample();
  const rows = sortUsageRows(customers.map((c) => toUsageRow(c, usage[c.id])), query.sort, order);
  const start = (query.page - 1) * query.per_page;
  return {
    ...sampleAge(s.tenant?.at, TENANT_INTERVAL_MS),
    items: rows.slice(start, start + query.per_page),
    total: rows.length,
    page: query.page,
    per_page: query.per_page,
    sort: query.sort,
    order,
    sampling: s.tenantSampling,
    error: s.tenantError ?? null,
  };
}
