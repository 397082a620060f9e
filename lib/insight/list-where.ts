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
  // Never read (NULL) is not over: SQL's NOT(NULL > x) would drop those rows, so it is spelt out.
  const max = db().customer.fields.maxDevices;
  if (q.over_devices === 'true') and.push({ peersTotal: { gt: max } });
  if (q.over_devices === 'false') and.push({ OR: [{ peersTotal: null }, { peersTotal: { lte: max } }] });
  if (q.update_available === 'true') and.push({ insight: { is: { updateAvailable: true } } });
  if (q.update_available === 'false') and.push({ NOT: { insight: { is: { updateAvailable: true } } } });
  return and;
}
