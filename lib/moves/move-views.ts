import 'server-only';
import { z } from 'zod';
import { db } from '../db';
import { AppError } from '../errors';
import type { HostDrain, TenantMove } from '../generated/prisma/client';
import { parseJsonColumn } from '../json-column';
import { DRAIN_STATES, MOVE_STATES, type DrainState, type DrainView, type MoveState, type MoveView } from './schemas';

/** State columns are text: a value this version does not know reads as failed rather than passing as something else. */
const moveState = (v: string): MoveState => MOVE_STATES.find((s) => s === v) ?? 'failed';
const drainState = (v: string): DrainState => DRAIN_STATES.find((s) => s === v) ?? 'failed';

export function toMoveView(m: TenantMove): MoveView {
  return {
    id: m.id,
    job_id: m.jobId,
    customer_id: m.customerId,
    drain_id: m.drainId,
    from_host: m.fromHostId,
    to_host: m.toHostId,
    from_ports: { dashboard: m.fromDashboardPort, relay: m.fromRelayPort },
    to_ports: m.toDashboardPort !== null && m.toRelayPort !== null ? { dashboard: m.toDashboardPort, relay: m.toRelayPort } : null,
    state: moveState(m.state),
    downtime_ms: m.downtimeMs,
    snapshot_id: m.snapshotId,
    error: m.error,
    created_at: m.createdAt.toISOString(),
    finished_at: m.finishedAt?.toISOString() ?? null,
  };
}

/** The host the customer runs on and its latest move (the customer page shows its downtime). */
export async function customerMoveStatus(customerId: string): Promise<{ host_id: string | null; move: MoveView | null }> {
  const customer = await db().customer.findUnique({ where: { id: customerId }, select: { deployment: { select: { hostId: true } } } });
  if (!customer) throw new AppError('NOT_FOUND', 'Customer not found.');
  const row = await db().tenantMove.findFirst({ where: { customerId }, orderBy: { createdAt: 'desc' } });
  return { host_id: customer.deployment?.hostId ?? null, move: row ? toMoveView(row) : null };
}

/** The move a job ran, for the job's own result. */
export async function moveOfJob(jobId: string): Promise<MoveView> {
  const row = await db().tenantMove.findUnique({ where: { jobId } });
  if (!row) throw new AppError('NOT_FOUND', 'This job moved nothing.');
  return toMoveView(row);
}

const refusedSchema = z.array(z.object({ customer_id: z.string(), subdomain: z.string(), error: z.string() }));

async function toDrainView(d: HostDrain): Promise<DrainView> {
  const moves = await db().tenantMove.findMany({ where: { drainId: d.id }, select: { customerId: true, state: true, error: true } });
  const subdomains = new Map(
    (await db().customer.findMany({ where: { id: { in: moves.map((m) => m.customerId) } }, select: { id: true, subdomain: true } })).map((c) => [c.id, c.subdomain]),
  );
  const failedMoves = moves.filter((m) => m.state === 'failed').map((m) => ({ customer_id: m.customerId, subdomain: subdomains.get(m.customerId) ?? m.customerId, error: m.error }));
  return {
    id: d.id,
    host_id: d.hostId,
    state: drainState(d.state),
    parallel: d.parallel,
    total: d.total,
    moved: moves.filter((m) => m.state === 'succeeded').length,
    moving: moves.filter((m) => m.state === 'queued' || m.state === 'running').length,
    failed: [...failedMoves, ...parseJsonColumn(refusedSchema, d.refused, 'HostDrain.refused')],
    created_at: d.createdAt.toISOString(),
    finished_at: d.finishedAt?.toISOString() ?? null,
  };
}

export async function loadDrainView(drainId: string): Promise<DrainView> {
  return toDrainView(await db().hostDrain.findUniqueOrThrow({ where: { id: drainId } }));
}

/** The host's latest drain, for Settings → Hosts; 404 for an unknown host. */
export async function latestDrainOf(hostId: string): Promise<DrainView | null> {
  if (!(await db().host.findUnique({ where: { id: hostId }, select: { id: true } }))) throw new AppError('NOT_FOUND', 'Host not found.');
  const row = await db().hostDrain.findFirst({ where: { hostId }, orderBy: { createdAt: 'desc' } });
  return row ? toDrainView(row) : null;
}
