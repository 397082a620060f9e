/** Pure figures from NetBird's peer list (GET /api/peers), for the cache and the views. */
export interface PeerSummary {
  total: number;
  connected: number;
  /** The newest last_seen of any peer; null without peers or dates. */
  lastSeenAt: Date | null;
  /** Client version → number of peers; peers that report none count as "unknown". */
  versions: Record<string, number>;
}

export function summarisePeers(peers: { connected: boolean; last_seen?: string; version?: string }[]): PeerSummary {
  const versions: Record<string, number> = {};
  let newest: number | null = null;
  for (const p of peers) {
    const v = p.version?.trim() || 'unknown';
    versions[v] = (versions[v] ?? 0) + 1;
    const seen = p.last_seen ? Date.parse(p.last_seen) : NaN;
    if (!Number.isNaN(seen) && (newest === null || seen > newest)) newest = seen;
  }
  return { total: peers.length, connected: peers.filter((p) => p.connected).length, lastSeenAt: newest === null ? null : new Date(newest), versions };
}

/** Versions ordered by how many peers run them, then by name, for a stable display. */
export function versionList(versions: Record<string, number>): { version: string; peers: number }[] {
  return Object.entries(versions)
    .map(([version, peers]) => ({ version, peers }))
    .sort((a, b) => b.peers - a.peers || a.version.localeCompare(b.version));
}
