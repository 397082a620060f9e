import { z } from 'zod';

/** POST /api/customers/{id}/move and the Move dialog: the host the tenant should run on. */
export const moveTenantSchema = z.strictObject({
  host_id: z.string().trim().min(1).max(64),
});
export type MoveTenantInput = z.infer<typeof moveTenantSchema>;

/** How many tenants a drain moves at once when the request does not say. */
export const DEFAULT_DRAIN_PARALLEL = 2;

/** POST /api/hosts/{id}/drain: at most `parallel` moves at a time (default 2). */
export const drainHostSchema = z.strictObject({
  parallel: z.number().int().min(1).max(10).optional(),
});
export type DrainHostInput = z.infer<typeof drainHostSchema>;

export const MOVE_STATES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type MoveState = (typeof MOVE_STATES)[number];

export const DRAIN_STATES = ['running', 'done', 'failed', 'interrupted'] as const;
export type DrainState = (typeof DRAIN_STATES)[number];

/** One move as the API and the customer page show it. */
export interface MoveView {
  id: string;
  job_id: string;
  customer_id: string;
  drain_id: string | null;
  from_host: string;
  to_host: string;
  from_ports: { dashboard: number; relay: number };
  to_ports: { dashboard: number; relay: number } | null;
  state: MoveState;
  /** Source stopped → target serving through its new address; null until measured. */
  downtime_ms: number | null;
  snapshot_id: string | null;
  error: string | null;
  created_at: string;
  finished_at: string | null;
}

/** A drain as Settings → Hosts shows it: how many tenants moved, are moving, stayed. */
export interface DrainView {
  id: string;
  host_id: string;
  state: DrainState;
  parallel: number;
  total: number;
  moved: number;
  moving: number;
  failed: { customer_id: string; subdomain: string; error: string | null }[];
  created_at: string;
  finished_at: string | null;
}
