import 'server-only';
import { db } from '../db';
import { AppError } from '../errors';
import type { Prisma } from '../generated/prisma/client';
import type { Settings } from '../settings/schema';
import { getSettings } from '../settings/store';
import { cachedRead } from '../read-cache';
import { getSnapshot, type Snapshot } from '../status/snapshot';
import { tenantContainers } from '../status/tenant-containers';
import { CUSTOMER_VIEW_SELECT, toCustomerView, type CustomerView, type HostDirectory } from './customer-view';
import type { ListCustomersQuery } from './schemas';
import { insightWhere } from '../insight/list-where';

const SORT_FIELDS = { name: 'name', subdomain: 'subdomain', status: 'status', created_at: 'createdAt', max_devices: 'maxDevices', peers_online: 'peersConnected' } as const;

export interface CustomerPage {
  items: CustomerView[];
  page: number;
  per_page: number;
  total: number;
  pages: number;
  counts: Record<string, number>;
}

/**
 * One page of customers: database paging and search, container states from the shared snapshot
 * (one list call at most). Every open dashboard polls this, so a page is read once per change
 * of the database, the snapshot or the settings.
 */
export async function listCustomers(q: ListCustomersQuery): Promise<CustomerPage> {
  const [settings, snapshot] = await Promise.all([getSettings(), getSnapshot()]);
  return cachedRead(`customers:${JSON.stringify(q)}`, [settings, snapshot], () => readCustomerPage(q, settings, snapshot));
}

/** Every host's name and tenant address, from one small query (the Host table has a handful of rows). */
async function hostDirectory(): Promise<HostDirectory> {
  const rows = await db().host.findMany({ select: { id: true, name: true, forwardAddress: true, publicAddress: true } });
  return new Map(rows.map((h) => [h.id, { name: h.name, address: h.forwardAddress || h.publicAddress }]));
}

/** Customers on one host: deployed there, or placed there and not deployed yet. */
function onHost(hostId: string): Prisma.CustomerWhereInput {
  return { OR: [{ deployment: { hostId } }, { deployment: null, hostId }, ...(hostId === 'local' ? [{ deployment: null, hostId: null }] : [])] };
}

async function readCustomerPage(q: ListCustomersQuery, settings: Settings, snapshot: Snapshot): Promise<CustomerPage> {
  const where: Prisma.CustomerWhereInput = {
    ...(q.status ? { status: q.status } : {}),
    ...(q.search
      ? { OR: [{ name: { contains: q.search } }, { subdomain: { contains: q.search.toLowerCase() } }, { email: { contains: q.search } }] }
      : {}),
    AND: [...insightWhere(q), ...(q.host ? [onHost(q.host)] : [])],
  };
  const [rows, total, grouped, hosts] = await Promise.all([
    db().customer.findMany({
      where,
      select: CUSTOMER_VIEW_SELECT,
      orderBy: [{ [SORT_FIELDS[q.sort]]: q.order }, { id: 'asc' }],
      skip: (q.page - 1) * q.per_page,
      take: q.per_page,
    }),
    db().customer.count({ where }),
    db().customer.groupBy({ by: ['status'], _count: { _all: true } }),
    hostDirectory(),
  ]);
  const counts: Record<string, number> = { total: 0 };
  for (const g of grouped) {
    counts[g.status] = g._count._all;
    counts.total += g._count._all;
  }
  return {
    items: rows.map((r) => toCustomerView(r, settings, tenantContainers(snapshot, r.id, r.deployment?.hostId), hosts)),
    page: q.page,
    per_page: q.per_page,
    total,
    pages: Math.max(1, Math.ceil(total / q.per_page)),
    counts,
  };
}

export async function getCustomer(id: string): Promise<CustomerView> {
  const [row, settings, snapshot, hosts] = await Promise.all([
    db().customer.findUnique({ where: { id }, select: CUSTOMER_VIEW_SELECT }),
    getSettings(),
    getSnapshot(),
    hostDirectory(),
  ]);
  if (!row) throw new AppError('NOT_FOUND', 'Customer not found.');
  return toCustomerView(row, settings, tenantContainers(snapshot, id, row.deployment?.hostId), hosts);
}
