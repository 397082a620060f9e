import 'server-only';
import { db } from '../db';
import { AppError } from '../errors';
import { parseImageSet, versionOf, type ImageSet } from './image-set';

export interface PlanTenantView {
  customer_id: string;
  subdomain: string;
  state: string;
  reason: string | null;
  job_id: string | null;
  from_version: string | null;
  peers_before: number | null;
  downtime_ms: number | null;
  rollback_ms: number | null;
  started_at: string | null;
  finished_at: string | null;
}

export interface PlanView {
  id: string;
  state: string;
  state_reason: string | null;
  /** upgrade | migrate (classic → combined layout). */
  kind: string;
  images: ImageSet | null;
  follows_default: boolean;
  canary: number;
  wave_size: number;
  parallel: number;
  soak_seconds: number;
  failure_budget: number;
  peer_fraction: number;
  peer_timeout_seconds: number;
  failures: number;
  actor: string | null;
  created_at: string;
  finished_at: string | null;
  counts: Record<string, number>;
  waves: { wave: number; canary: boolean; tenants: PlanTenantView[] }[];
}

type PlanRow = NonNullable<Awaited<ReturnType<typeof loadRow>>>;

function loadRow(id: string) {
  return db().upgradePlan.findUnique({ where: { id }, include: { tenants: { orderBy: [{ wave: 'asc' }, { id: 'asc' }] } } });
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function toPlanView(plan: PlanRow): PlanView {
  const waves = new Map<number, PlanTenantView[]>();
  const counts: Record<string, number> = {};
  for (const t of plan.tenants) {
    counts[t.state] = (counts[t.state] ?? 0) + 1;
    const list = waves.get(t.wave) ?? [];
    list.push({
      customer_id: t.customerId,
      subdomain: t.subdomain,
      state: t.state,
      reason: t.reason,
      job_id: t.jobId,
      from_version: ((from) => (from ? versionOf(from) : null))(parseImageSet(t.fromImages)),
      peers_before: t.peersBefore,
      downtime_ms: t.downtimeMs,
      rollback_ms: t.rollbackMs,
      started_at: iso(t.startedAt),
      finished_at: iso(t.finishedAt),
    });
    waves.set(t.wave, list);
  }
  return {
    id: plan.id,
    state: plan.state,
    state_reason: plan.stateReason,
    kind: plan.kind,
    images: parseImageSet(plan.images),
    follows_default: plan.followsDefault,
    canary: plan.canary,
    wave_size: plan.waveSize,
    parallel: plan.parallel,
    soak_seconds: plan.soakSeconds,
    failure_budget: plan.failureBudget,
    peer_fraction: plan.peerFraction,
    peer_timeout_seconds: plan.peerTimeoutSeconds,
    failures: plan.failures,
    actor: plan.actor,
    created_at: plan.createdAt.toISOString(),
    finished_at: iso(plan.finishedAt),
    counts,
    waves: [...waves].map(([wave, tenants]) => ({ wave, canary: plan.canary > 0 && wave === 0, tenants })),
  };
}

export async function readPlan(id: string): Promise<PlanView> {
  const plan = await loadRow(id);
  if (!plan) throw new AppError('NOT_FOUND', 'Upgrade plan not found.');
  return toPlanView(plan);
}

export async function listPlans(limit = 20): Promise<PlanView[]> {
  const ids = await db().upgradePlan.findMany({ orderBy: { createdAt: 'desc' }, take: limit, select: { id: true } });
  const rows = await Promise.all(ids.map((r) => loadRow(r.id)));
  return rows.filter((r): r is PlanRow => r !== null).map(toPlanView);
}
