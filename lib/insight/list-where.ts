import 'server-only';
import { db } from '../db';
import type { Prisma } from '../generated/prisma/client';
import type { InsightFilters } from './list-filters';

/** The list filters as one where clause, ANDed with the list's own (search, status). */
export function insightWhere(q: InsightFilters): Prisma.CustomerWhereInput[] {
  const and: Prisma.CustomerWhereInput[] = [];
  if (q.peers_online === 'true') and.push({ peersConnected: { gt: 0 } });
  if (q.peers_online === 'false') and.push({ OR: [{ peersConnected: null }, { peersConnected: 0 }] });
  // Compared in the database, column to column, so a changed max_devices counts at once.
  const over: Prisma.CustomerWhereInput = { peersTotal: { gt: db().customer.fields.maxDevices } };
  if (q.over_devices === 'true') and.push(over);
  if (q.over_devices === 'false') and.push({ NOT: over });
  if (q.update_available === 'true') and.push({ insight: { is: { updateAvailable: true } } });
  if (q.update_available === 'false') and.push({ NOT: { insight: { is: { updateAvailable: true } } } });
  return and;
}
