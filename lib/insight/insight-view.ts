import type { Prisma } from '../generated/prisma/client';
import { parseJsonColumn } from '../json-column';
import { versionList } from './summarise';
import { z } from 'zod';

/** What the API and the UI show of a tenant's NetBird (cached by lib/insight, never fetched in a request). */
export interface NetbirdInsightView {
  peers_total: number | null;
  peers_connected: number | null;
  over_max_devices: boolean;
  last_seen_at: string | null;
  client_versions: { version: string; peers: number }[];
  users: number | null;
  service_users: number | null;
  setup_keys: number | null;
  setup_keys_valid: number | null;
  management_version: string | null;
  update_available: boolean | null;
  available_version: string | null;
  gathered_at: string | null;
  /** Set while the last read failed: the figures above are from `gathered_at`, not current. */
  stale: { reason: string; since: string | null } | null;
  token: { expires_at: string | null; error: string | null };
}

export const INSIGHT_VIEW_SELECT = {
  peersTotal: true, peersConnected: true, lastSeenAt: true, clientVersions: true, usersTotal: true, serviceUsers: true,
  setupKeysTotal: true, setupKeysValid: true, managementVersion: true, updateAvailable: true, availableVersion: true,
  gatheredAt: true, staleReason: true, staleSince: true, tokenError: true,
} satisfies Prisma.TenantInsightSelect;

export type InsightRow = Prisma.TenantInsightGetPayload<{ select: typeof INSIGHT_VIEW_SELECT }>;

const versionsSchema = z.record(z.string(), z.number().int().nonnegative());
const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

export function toInsightView(row: InsightRow | null, maxDevices: number, tokenExpiresAt: Date | null): NetbirdInsightView {
  const versions = row ? parseJsonColumn(versionsSchema, row.clientVersions, 'TenantInsight.clientVersions') : {};
  return {
    peers_total: row?.peersTotal ?? null,
    peers_connected: row?.peersConnected ?? null,
    over_max_devices: (row?.peersTotal ?? 0) > maxDevices,
    last_seen_at: iso(row?.lastSeenAt),
    client_versions: versionList(versions),
    users: row?.usersTotal ?? null,
    service_users: row?.serviceUsers ?? null,
    setup_keys: row?.setupKeysTotal ?? null,
    setup_keys_valid: row?.setupKeysValid ?? null,
    management_version: row?.managementVersion ?? null,
    update_available: row?.updateAvailable ?? null,
    available_version: row?.availableVersion ?? null,
    gathered_at: iso(row?.gatheredAt),
    stale: row?.staleReason ? { reason: row.staleReason, since: iso(row.staleSince) } : null,
    token: { expires_at: iso(tokenExpiresAt), error: row?.tokenError ?? null },
  };
}
