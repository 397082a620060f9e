import 'server-only';
import { decryptSecret } from '../crypto';
import { db } from '../db';
import { hostEntryAddresses } from '../hosts/tenant-host';
import { log } from '../log';
import { listPeers } from '../netbird/tenant-client';
import { urlHost } from '../http/url-host';

export const PEER_REFRESH_INTERVAL_MS = 60_000;
const CONCURRENCY = 5;

type Row = { id: string; deployment: { dashboardPort: number; ownerToken: string | null; hostId: string } | null };

const SELECT = { id: true, deployment: { select: { dashboardPort: true, ownerToken: true, hostId: true } } } as const;

async function refreshOne(row: Row, addresses: Map<string, string>): Promise<boolean> {
  const d = row.deployment;
  if (!d?.ownerToken) return false;
  // Each tenant on its own host's address (HOST_IP for the local host).
  const address = addresses.get(d.hostId);
  if (!address) return false;
  const host = urlHost(address);
  try {
    const peers = await listPeers(`http://${host}:${d.dashboardPort}`, decryptSecret(d.ownerToken));
    await db().customer.update({
      where: { id: row.id },
      data: { peersTotal: peers.length, peersConnected: peers.filter((p) => p.connected).length, peersCheckedAt: new Date() },
    });
    return true;
  } catch (err) {
    log.debug('peer count unavailable', { customerId: row.id, error: err instanceof Error ? err.message : String(err) });
    return false;
  }
}

/**
 * Peer counts of every active tenant with an API token, fetched in the
 * background (five tenants at a time) so no request ever waits on a tenant.
 */
export async function refreshPeerUsage(): Promise<number> {
  const [queue, addresses]: [Row[], Map<string, string>] = await Promise.all([
    db().customer.findMany({ where: { status: 'active', deployment: { ownerToken: { not: null } } }, select: SELECT }),
    hostEntryAddresses(),
  ]);
  let refreshed = 0;
  async function worker(): Promise<void> {
    for (let row = queue.shift(); row; row = queue.shift()) if (await refreshOne(row, addresses)) refreshed++;
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return refreshed;
}

/** One tenant, right after it became active, so its figure shows without waiting for the next round. */
export async function refreshPeerUsageFor(customerId: string): Promise<boolean> {
  const row = await db().customer.findUnique({ where: { id: customerId }, select: SELECT });
  return row ? refreshOne(row, await hostEntryAddresses()) : false;
}

const g = globalThis as unknown as { peerTimer?: NodeJS.Timeout };

export function startPeerRefresher(): void {
  if (g.peerTimer) return;
  const tick = () => void refreshPeerUsage().catch((err: unknown) => log.warn('peer refresh failed', { error: String(err) }));
  g.peerTimer = setInterval(tick, PEER_REFRESH_INTERVAL_MS);
  g.peerTimer.unref();
  setTimeout(tick, 5_000).unref();
}
