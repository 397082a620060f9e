import 'server-only';
import type { Actor } from '../auth/actor';
import { recordAudit } from '../audit/record';
import { db } from '../db';
import { AppError } from '../errors';
import { publishPlanChange } from './plan-events';
import { readPlan, type PlanView } from './plan-view';
import { startPlan } from './run-plan';
import type { PlanAction } from './plan-schema';


/** Which states each action may start from. */
const FROM: Record<PlanAction, string[]> = { pause: ['running'], resume: ['paused'], abort: ['running', 'paused'] };

/**
 * Pause: tenants in flight finish (upgraded or rolled back), no new one starts. Resume: the plan
 * continues with its next pending tenant. Abort: as pause, and every pending tenant is skipped
 * for good. Audited; a plan in another state is 409.
 */
export async function controlPlan(actor: Actor, planId: string, action: PlanAction): Promise<PlanView> {
  await db().$transaction(async (tx) => {
    const plan = await tx.upgradePlan.findUnique({ where: { id: planId }, select: { state: true } });
    if (!plan) throw new AppError('NOT_FOUND', 'Upgrade plan not found.');
    if (!FROM[action].includes(plan.state)) throw new AppError('UPGRADE_PLAN_STATE', `A ${plan.state} plan cannot be ${action}d.`, { state: plan.state });
    const state = action === 'pause' ? 'paused' : action === 'resume' ? 'running' : 'aborted';
    await tx.upgradePlan.update({
      where: { id: planId },
      data: { state, stateReason: action === 'resume' ? null : `${action === 'pause' ? 'Paused' : 'Aborted'} by ${actor.username}`, ...(action === 'abort' ? { finishedAt: new Date() } : {}) },
    });
    if (action === 'abort') await tx.upgradeTenant.updateMany({ where: { planId, state: 'pending' }, data: { state: 'skipped', reason: 'The plan was aborted.' } });
    await recordAudit(actor, { action: `upgrade.${action}`, target: `upgrade:${planId}` }, tx);
  });
  publishPlanChange(planId);
  if (action === 'resume') startPlan(planId);
  return readPlan(planId);
}
