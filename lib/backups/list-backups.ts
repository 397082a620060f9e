import { db } from '../db';
import type { Backup } from '../generated/prisma/client';
import { withRepository } from './open-repository';
import { TAG_APP, listSnapshots, tagValue, type ResticSnapshot } from './repository';
import type { ListBackupsQuery } from './schemas';

export interface SnapshotView {
  snapshot_id: string | null;
  short_id: string | null;
  kind: string;
  customer_id: string | null;
  subdomain: string | null;
  time: string;
  state: string;
  error: string | null;
  size_bytes: number | null;
  added_bytes: number | null;
  duration_ms: number | null;
  pause_ms: number | null;
  trigger: string | null;
  /** False when restic no longer lists it (pruned by retention, or another repository). */
  in_repository: boolean;
}

export interface BackupList {
  items: SnapshotView[];
  /** Set when the repository could not be read: the list then shows this appliance's records only. */
  repository_error: string | null;
}

type Row = Backup;

function fromRow(row: Row, snap?: ResticSnapshot): SnapshotView {
  return {
    snapshot_id: snap?.id ?? row.snapshotId,
    short_id: snap?.short_id ?? row.snapshotId?.slice(0, 8) ?? null,
    kind: row.kind,
    customer_id: row.customerId,
    subdomain: row.subdomain,
    time: snap?.time ?? row.startedAt.toISOString(),
    state: row.state,
    error: row.error,
    size_bytes: row.sizeBytes,
    added_bytes: row.addedBytes,
    duration_ms: row.durationMs,
    pause_ms: row.pauseMs,
    trigger: row.trigger,
    in_repository: Boolean(snap),
  };
}

function fromSnapshot(s: ResticSnapshot): SnapshotView {
  const kind = s.tags?.find((t) => ['tenant', 'safety', 'appliance'].includes(t)) ?? 'tenant';
  return {
    snapshot_id: s.id, short_id: s.short_id, kind, customer_id: tagValue(s, 'customer') ?? null, subdomain: tagValue(s, 'subdomain') ?? null,
    time: s.time, state: 'succeeded', error: null, size_bytes: null, added_bytes: null, duration_ms: null, pause_ms: null, trigger: null, in_repository: true,
  };
}

/**
 * Snapshots from restic (the truth of what can be restored) joined with this appliance's
 * records of each run (size, added data, duration, pause, failures). Newest first.
 */
export async function listBackups(q: ListBackupsQuery): Promise<BackupList> {
  const tags = [TAG_APP, ...(q.customer_id ? [`customer:${q.customer_id}`] : []), ...(q.subdomain ? [`subdomain:${q.subdomain}`] : []), ...(q.kind ? [q.kind] : [])];
  let snapshots: ResticSnapshot[] = [];
  let repositoryError: string | null = null;
  try {
    // restic's --tag a,b means "both tags"; one --tag per filter would mean "either".
    snapshots = await withRepository((repo) => listSnapshots(repo, [tags.join(',')]));
  } catch (err) {
    repositoryError = err instanceof Error ? err.message : String(err);
  }
  // Our records are read after restic's listing: a run that finished in between is then a
  // succeeded row not yet in the listing (left out until the next read), never a second entry.
  const rows = await db().backup.findMany({
    where: { kind: q.kind ? q.kind : { in: ['tenant', 'safety', 'appliance'] }, ...(q.customer_id ? { customerId: q.customer_id } : {}), ...(q.subdomain ? { subdomain: q.subdomain } : {}) },
    orderBy: { startedAt: 'desc' },
    take: 500,
  });
  // restic reports the short id after a backup; the listing has both.
  const byId = new Map(snapshots.flatMap((s) => [[s.id, s], [s.short_id, s]] as const));
  const items = rows.map((r) => fromRow(r, r.snapshotId ? byId.get(r.snapshotId) : undefined));
  const known = new Set(rows.map((r) => r.snapshotId));
  // A run still recorded as running whose snapshot restic already lists is that run, not another snapshot.
  const runningSince = (s: ResticSnapshot) =>
    rows.some((r) => r.state === 'running' && !r.snapshotId && r.customerId === (tagValue(s, 'customer') ?? null) && s.tags?.includes(r.kind) && r.startedAt.getTime() <= Date.parse(s.time) + 1000);
  for (const s of snapshots) if (!known.has(s.id) && !known.has(s.short_id) && !runningSince(s)) items.push(fromSnapshot(s));
  items.sort((a, b) => b.time.localeCompare(a.time));
  return { items: repositoryError ? items : items.filter((i) => i.in_repository || i.state !== 'succeeded'), repository_error: repositoryError };
}
