import 'server-only';
import { setTimeout as sleep } from 'node:timers/promises';
import { db } from '../db';
import { log } from '../log';
import { refreshSnapshot } from '../status/snapshot';
import { parseImageSet } from './image-set';
import { publishPlanChange } from './plan-events';
import { migrateTenant } from './migrate-tenant';
import type { TenantState } from './upgrade-steps';
import { upgradeTenant } from './upgrade-tenant';
import { healthTimeoutMs as healthTimeoutFromSettings } from '../health/health-timeout';
import { globalSingleton } from '../global-singleton';

/** A migrate job waits in the job queue and runs a snapshot, a deploy and possibly a rollback. */
const MIGRATE_JOB_TIMEOUT_MS = 30 * 60_000;
const FAILED = ['rolled_back', 'failed'];

/** Plans whose loop runs in this process: a resume never starts a second one. */
const g = globalSingleton<{ planLoops?: Set<string> }>('planLoops', () => ({}));
const loops = (g.planLoops ??= new Set());

async function planState(planId: string): Promise<string | null> {
  return (await db().upgradePlan.findUnique({ where: { id: planId }, select: { state: true } }))?.state ?? null;
}

async function setPlan(planId: string, data: { state: string; stateReason?: string | null; finishedAt?: Date }): Promise<void> {
  await db().upgradePlan.updateMany({ where: { id: planId, state: 'running' }, data });
  publishPlanChange(planId);
}

type TenantRow = { id: string; customerId: string };
/** What the plan does to one tenant: an image upgrade or a layout migration. */
type TenantChange = (row: TenantRow) => Promise<TenantState>;

/** Runs one wave, at most `parallel` tenants at once; a pause or abort stops taking new ones. */
async function runWave(planId: string, tenants: TenantRow[], parallel: number, change: TenantChange, budget: number): Promise<void> {
  const queue = [...tenants];
  async function worker(): Promise<void> {
    for (let t = queue.shift(); t; t = queue.shift()) {
      if ((await planState(planId)) !== 'running') return;
      if ((await db().upgradeTenant.count({ where: { planId, state: { in: FAILED } } })) >= budget) return;
      const outcome = await change(t).catch(async (err: unknown) => {
        const reason = err instanceof Error ? err.message : String(err);
        log.error('tenant change failed unexpectedly', { planId, customerId: t.customerId, error: reason });
        await db().upgradeTenant.update({ where: { id: t.id }, data: { state: 'failed', reason, finishedAt: new Date() } });
        return 'failed' as const;
      });
      if (FAILED.includes(outcome)) {
        await db().upgradePlan.update({ where: { id: planId }, data: { failures: { increment: 1 } } });
        publishPlanChange(planId);
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(parallel, tenants.length) }, worker));
}

/** Waits out the soak time, returning early when the plan is paused or aborted meanwhile. */
async function soak(planId: string, seconds: number): Promise<void> {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if ((await planState(planId)) !== 'running') return;
    await sleep(Math.min(1000, until - Date.now()));
  }
}

/**
 * Walks a plan wave by wave from its durable state: the next wave is the first with pending
 * tenants, so a resumed plan continues where it stood. After each wave: the failure budget
 * (reached → the plan stops, the rest untouched), then the soak time.
 */
async function walk(planId: string): Promise<void> {
  for (;;) {
    const plan = await db().upgradePlan.findUnique({ where: { id: planId } });
    if (!plan || plan.state !== 'running') return;
    const images = parseImageSet(plan.images);
    if (!images && plan.kind !== 'migrate') return setPlan(planId, { state: 'stopped', stateReason: 'The plan has no valid target images.', finishedAt: new Date() });
    const failures = await db().upgradeTenant.count({ where: { planId, state: { in: FAILED } } });
    if (failures >= plan.failureBudget) {
      await db().upgradeTenant.updateMany({ where: { planId, state: 'pending' }, data: { state: 'skipped', reason: 'The plan stopped at its failure budget.' } });
      return setPlan(planId, { state: 'stopped', stateReason: `Failure budget reached: ${failures} of ${plan.failureBudget} tenants failed.`, finishedAt: new Date() });
    }
    const next = await db().upgradeTenant.findFirst({ where: { planId, state: 'pending' }, orderBy: { wave: 'asc' }, select: { wave: true } });
    if (!next) return setPlan(planId, { state: 'succeeded', stateReason: null, finishedAt: new Date() });
    const tenants = await db().upgradeTenant.findMany({ where: { planId, wave: next.wave, state: 'pending' }, orderBy: { id: 'asc' }, select: { id: true, customerId: true } });
    const healthTimeoutMs = await healthTimeoutFromSettings();
    const change: TenantChange =
      plan.kind === 'migrate' || !images
        ? (row) => migrateTenant(row, { planId, jobTimeoutMs: MIGRATE_JOB_TIMEOUT_MS })
        : (row) => upgradeTenant(row, { planId, images, peerFraction: plan.peerFraction, peerTimeoutMs: plan.peerTimeoutSeconds * 1000, healthTimeoutMs });
    await refreshSnapshot();
    await runWave(planId, tenants, plan.parallel, change, plan.failureBudget);
    const more = await db().upgradeTenant.count({ where: { planId, state: 'pending' } });
    if (more > 0 && (await db().upgradeTenant.count({ where: { planId, state: { in: FAILED } } })) < plan.failureBudget) await soak(planId, plan.soakSeconds);
  }
}

/** Starts (or continues) a plan's loop in the background, once per process. */
export function startPlan(planId: string): void {
  if (loops.has(planId)) return;
  loops.add(planId);
  void walk(planId)
    .catch(async (err: unknown) => {
      const reason = err instanceof Error ? err.message : String(err);
      log.error('upgrade plan stopped unexpectedly', { planId, error: reason });
      await setPlan(planId, { state: 'paused', stateReason: `Stopped by an error: ${reason}` }).catch(() => undefined);
    })
    .finally(() => {
      loops.delete(planId);
      publishPlanChange(planId);
    });
}

/** Resolves once the plan's loop in this process has ended (tests, benchmarks). */
export async function planLoopDone(planId: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (loops.has(planId)) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}
