import { decryptSecret } from '../crypto';
import { db } from '../db';
import { env } from '../env';
import { log } from '../log';
import { listPeers } from '../netbird/tenant-client';

export const PEER_REFRESH_INTERVAL_MS = 60_000;
const CONCURRENCY = 5;

/**
 * Peer counts of every active tenant with an API token, fetched in the
 * background (five tenants at a time) so no request ever waits on a tenant.
 */
export async function refreshPeerUsage(): Promise<number> {
  const rows = await db().customer.findMany({
    where: { status: 'active', deployment: { ownerToken: { not: null } } },
    select: { id: true, deployment: { select: { dashboardPort: true, ownerToken: true } } },
  });
  let refreshed = 0;
  const queue = [...rows];
  const host = env().HOST_IP.includes(':') ? `[${env().HOST_IP}]` : env().HOST_IP;
  async function worker(): Promise<void> {
    for (let row = queue.shift(); row; row = queue.shift()) {
      const d = row.deployment;
      if (!d?.ownerToken) continue;
      try {
        const peers = await listPeers(`http://${host}:${d.dashboardPort}`, decryptSecret(d.ownerToken));
        await db().customer.update({
          where: { id: row.id },
          data: { peersTotal: peers.length, peersConnected: peers.filter((p) => p.connected).length, peersCheckedAt: new Date() },
        });
        refreshed++;
      } catch (err) {
        log.debug('peer count unavailable', { customerId: row.id, error: err instanceof Error ? err.message : String(err) });
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return refreshed;
}

const g = globalThis as unknown as { peerTimer?: NodeJS.Timeout };

export function startPeerRefresher(): void {
  if (g.peerTimer) return;
  const tick = () => void refreshPeerUsage().catch((err: unknown) => log.warn('peer refresh failed', { error: String(err) }));
  g.peerTimer = setInterval(tick, PEER_REFRESH_INTERVAL_MS);
  g.peerTimer.unref();
  setTimeout(tick, 5_000).unref();
}
