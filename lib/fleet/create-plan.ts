import 'server-only';
import type { Actor } from '../auth/actor';
import { recordAudit } from '../audit/record';
import { withRepository } from '../backups/open-repository';
import { ensureRepository } from '../backups/repository';
import { db } from '../db';
import type { Prisma } from '../generated/prisma/client';
import { AppError } from '../errors';
import { checkTargetImages } from './check-images';
import { readInventory } from './inventory';
import { versionOf, type ImageSet } from './image-set';
import { planWaves, type PlanInput, type PlanKind } from './plan-schema';
import { selectTenants, selectionFields, type Excluded } from './select-tenants';
import { readPlan, type PlanView } from './plan-view';
import { startPlan } from './run-plan';

export interface DryRun {
  dry_run: true;
  kind: PlanKind;
  images: ImageSet;
  version: string;
  waves: { wave: number; canary: boolean; tenants: { customer_id: string; subdomain: string; version: string; host_id: string }[] }[];
  excluded: Excluded[];
}

/** One plan at a time: two plans walking the fleet at once would break each other's budget and waves. */
async function refuseSecondPlan(client: Prisma.TransactionClient): Promise<void> {
  const running = await client.upgradePlan.findFirst({ where: { state: { in: ['running', 'paused'] } }, select: { id: true, state: true } });
  if (running) throw new AppError('UPGRADE_PLAN_STATE', `Plan ${running.id} is still ${running.state}: finish or abort it first.`, { plan_id: running.id });
}

/**
 * Plans an upgrade (the target: explicit images or the fleet default) or a layout migration
 * (classic → combined), the tenants it takes (lib/fleet/select-tenants) and its waves. A dry
 * run returns the waves and changes nothing; otherwise the plan and its tenants are written
 * (audited) and the plan starts. Needs a backup repository: every tenant is snapshotted before
 * it changes. Explicit images must exist on the hosts of the tenants taken.
 */
export async function createPlan(actor: Actor, input: PlanInput): Promise<DryRun | PlanView> {
  const inventory = await readInventory();
  const target = input.images ?? inventory.fleet_default;
  const { chosen, excluded } = selectTenants(input, inventory.tenants, inventory.hosts, target);
  if (input.images) await checkTargetImages(input.images, chosen);
  const canaryIds = input.canary_ids ?? chosen.slice(0, input.canary).map((t) => t.customer_id);
  const waves = planWaves(chosen.map((t) => t.customer_id), canaryIds, input.wave_size);
  const byId = new Map(chosen.map((t) => [t.customer_id, t]));
  const hasCanary = waves.length > 0 && canaryIds.some((id) => waves[0].includes(id));
  if (input.dry_run) {
    return {
      dry_run: true,
      kind: input.kind,
      images: target,
      version: versionOf(target),
      waves: waves.map((w, i) => ({ wave: i, canary: hasCanary && i === 0, tenants: w.map((id) => ({ customer_id: id, subdomain: byId.get(id)?.subdomain ?? id, version: byId.get(id)?.version ?? '', host_id: byId.get(id)?.host_id ?? '' })) })),
      excluded,
    };
  }
  await refuseSecondPlan(db());
  if (!waves.length) {
    const fields = selectionFields(input).map((path) => ({ path, message: 'selects no tenant this plan can take' }));
    throw new AppError('UPGRADE_PLAN_EMPTY', `No tenant matches this plan: every selected tenant is pinned or already ${input.kind === 'migrate' ? 'on the combined layout' : 'on the target images'}.`, { fields, excluded: excluded.length });
  }
  // Every tenant is snapshotted before it changes: a repository that cannot be opened refuses the plan now, not tenant by tenant.
  await withRepository((repo) => ensureRepository(repo));
  const plan = await db().$transaction(async (tx) => {
    // Again inside the write transaction: SQLite serialises them, so two plans cannot both pass.
    await refuseSecondPlan(tx);
    const created = await tx.upgradePlan.create({
      data: {
        kind: input.kind,
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
    await recordAudit(actor, { action: 'upgrade.plan', target: `upgrade:${created.id}`, details: { kind: input.kind, images: target, tenants: chosen.length, waves: waves.length, failure_budget: input.failure_budget } }, tx);
    return created;
  });
  startPlan(plan.id);
  return readPlan(plan.id);
}
