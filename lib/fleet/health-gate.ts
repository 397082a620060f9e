import 'server-only';
import { setTimeout as sleep } from 'node:timers/promises';
import { decryptSecret } from '../crypto';
import { db } from '../db';
import { AppError } from '../errors';
import { tenantApiAddress } from '../insight/tenant-address';
import { listPeers } from '../netbird/tenant-client';

const POLL_MS = 1_000;

/**
 * Connected peers as the tenant's own API reports them; null without an API token or an answer.
 * The tenant is reached where the insight gatherer reaches it (lib/insight/tenant-address): on
 * its own host's address, not the appliance's, when it runs on another Docker host.
 */
export async function connectedPeers(customerId: string): Promise<number | null> {
  const d = await db().deployment.findUnique({ where: { customerId }, select: { dashboardPort: true, hostId: true, ownerToken: true } });
  if (!d?.ownerToken) return null;
  try {
    const peers = await listPeers(await tenantApiAddress(d), decryptSecret(d.ownerToken));
    return peers.filter((p) => p.connected).length;
  } catch {
    // The gate treats "no answer" as "not back yet"; the timeout turns it into the reason.
    return null;
  }
}

/** How many of `before` must be back: at least one, and the fraction rounded up. */
export function peersNeeded(before: number, fraction: number): number {
  return Math.max(1, Math.ceil(before * fraction - 1e-9));
}

/**
 * The peer half of the health gate: a tenant that had connected peers before the upgrade passes
 * once `fraction` of them are connected again, and fails at the timeout naming how many came
 * back. A tenant without peers before (or without an API token) has nothing to wait for.
 */
export async function waitForPeers(customerId: string, before: number | null, fraction: number, timeoutMs: number): Promise<string> {
  if (!before || fraction <= 0) return 'No connected peers before the upgrade: nothing to wait for';
  const needed = peersNeeded(before, fraction);
  const deadline = Date.now() + timeoutMs;
  let last: number | null = null;
  for (;;) {
    last = await connectedPeers(customerId);
    if (last !== null && last >= needed) return `${last} of ${before} peers connected again (needed ${needed})`;
    if (Date.now() >= deadline) break;
    await sleep(Math.min(POLL_MS, Math.max(0, deadline - Date.now())));
  }
  throw new AppError('UPGRADE_PEERS_MISSING', `Only ${last ?? 'unknown'} of ${before} peers reconnected within ${Math.round(timeoutMs / 1000)} s (needed ${needed}).`, {
    before,
    connected: last,
    needed,
  });
}
