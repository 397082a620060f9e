import 'server-only';
import type { Actor } from '../auth/actor';
import { recordAudit } from '../audit/record';
import { withRepository } from '../backups/open-repository';
import { ensureRepository } from '../backups/repository';
import { db } from '../db';
import { AppError } from '../errors';
import { readInventory, type TenantInventory } from './inventory';
import { sameImages, versionOf, type ImageSet } from './image-set';
import { planWaves, type PlanInput } from './plan-schema';
import { readPlan, type PlanView } from './plan-view';
import { startPlan } from './run-plan';

export interface DryRun {
  dry_run: true;
  images: ImageSet;
  version: string;
  waves: { wave: number; canary: boolean; tenants: { customer_id: string; subdomain: string; version: string }[] }[];
  excluded: { customer_id: string; subdomain: string; reason: string }[];
}

/** Which tenants the plan takes, and why each other one is left out. */
function select(input: PlanInput, tenants: TenantInventory[], target: ImageSet) {
  const chosen: TenantInventory[] = [];
  const excluded: DryRun['excluded'] = [];
  const ids = input.customer_ids ? new Set(input.customer_ids) : null;
  for (const t of tenants) {
    if (ids && !ids.has(t.customer_id)) continue;
    if (input.subdomain_prefix && !t.subdomain.startsWith(input.subdomain_prefix)) continue;
    if (input.from_version && t.version !== input.from_version) continue;
    const skip = (reason: string) => excluded.push({ customer_id: t.customer_id, subdomain: t.subdomain, reason });
    if (t.pinned && !t.pinnedByPlan) skip('pinned');
    else if (t.version === 'none') skip('no containers');
    else if (sameImages(t.running, target)) skip('already on the target images');
    else chosen.push(t);
  }
  if (ids) for (const id of ids) if (!tenants.some((t) => t.customer_id === id)) throw new AppError('VALIDATION_FAILED', `Customer ${id} is not a deployed customer.`, { fields: [{ path: 'customer_ids', message: `unknown customer ${id}` }] });
  return { chosen, excluded };
}

/**
 * Plans an upgrade: the target (explicit images or the fleet default), the tenants it takes
 * (behind the target, not pinned, narrowed by the filters), and its waves. A dry run returns
 * the waves and changes nothing; otherwise the plan and its tenants are written (audited) and
 * the plan starts. Needs a backup repository: every tenant is snapshotted before it changes.
 */
export async function createPlan(actor: Actor, input: PlanInput): Promise<DryRun | PlanView> {
  const inventory = await readInventory();
  const target = input.images ?? inventory.fleet_default;
  const { chosen, excluded } = select(input, inventory.tenants, target);
  const canaryIds = input.canary_ids ?? chosen.slice(0, input.canary).map((t) => t.customer_id);
  const waves = planWaves(chosen.map((t) => t.customer_id), canaryIds, input.wave_size);
  const byId = new Map(chosen.map((t) => [t.customer_id, t]));
  const hasCanary = waves.length > 0 && canaryIds.some((id) => waves[0].includes(id));
  if (input.dry_run) {
    return {
      dry_run: true,
      images: target,
      version: versionOf(target),
      waves: waves.map((w, i) => ({ wave: i, canary: hasCanary && i === 0, tenants: w.map((id) => ({ customer_id: id, subdomain: byId.get(id)?.subdomain ?? id, version: byId.get(id)?.version ?? '' })) })),
      excluded,
    };
  }
  if (!waves.length) throw new AppError('UPGRADE_PLAN_EMPTY', 'No tenant matches this plan: every selected tenant is pinned or already on the target images.');
  // Every tenant is snapshotted before it changes: a repository that cannot be opened refuses the plan now, not tenant by tenant.
  await withRepository((repo) => ensureRepository(repo));
  const plan = await db().$transaction(async (tx) => {
    const running = await tx.upgradePlan.findFirst({ where: { state: { in: ['running', 'paused'] } }, select: { id: true, state: true } });
    if (running) throw new AppError('UPGRADE_PLAN_STATE', `Plan ${running.id} is still ${running.state}: finish or abort it first.`, { plan_id: running.id });
    const created = await tx.upgradePlan.create({
      data: {
        images: JSON.stringify(target),
        followsDefault: !input.images,
        canary: hasCanary ? waves[0].length : 0,
        waveSize: input.wave_size,
        parallel: input.parallel,
        soakSeconds: input.soak_seconds,
        failureBudget: input.failure_budget,
        peerFraction: input.peer_fraction,
        peerTimeoutSeconds: input.peer_timeout_seconds,
        actor: actor.username,
        startedAt: new Date(),
      },
    });
    // One by one, in wave order: row ids then sort in the order the waves list them.
    for (const [wave, ids] of waves.entries()) {
      for (const customerId of ids) await tx.upgradeTenant.create({ data: { planId: created.id, customerId, subdomain: byId.get(customerId)?.subdomain ?? '', wave } });
    }
    await recordAudit(actor, { action: 'upgrade.plan', target: `upgrade:${created.id}`, details: { images: target, tenants: chosen.length, waves: waves.length, failure_budget: input.failure_budget } }, tx);
    return created;
  });
  startPlan(plan.id);
  return readPlan(plan.id);
}
