import 'server-only';
import { SYSTEM_ACTOR, type Actor } from '../auth/actor';
import { backupTenant } from '../backups/backup-tenant';
import { db } from '../db';
import { isAppError } from '../errors';
import { log } from '../log';
import { createJob } from '../jobs/enqueue-job';
import { finishJob } from '../jobs/finish-job';
import { StepReporter } from '../jobs/step-reporter';
import { deployStack } from '../netbird/deploy-stack';
import { getSettings } from '../settings/store';
import { getSnapshot } from '../status/snapshot';
import { connectedPeers, waitForPeers } from './health-gate';
import { changesDataImage, DATA_SERVICE, defaultImageSet, LAYOUT_IMAGES, layoutImages, sameImages, type ImageSet } from './image-set';
import { isLayout, type Layout } from '../netbird/layout';
import { publishPlanChange } from './plan-events';
import { rollbackTenant } from './rollback-tenant';
import type { TenantState } from './upgrade-steps';
import { isOneOf } from '../one-of';

export interface UpgradeTarget {
  planId: string;
  images: ImageSet;
  peerFraction: number;
  peerTimeoutMs: number;
  healthTimeoutMs: number;
  actor?: Actor;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function setTenant(id: string, planId: string, data: Parameters<ReturnType<typeof db>['upgradeTenant']['update']>[0]['data']): Promise<void> {
  await db().upgradeTenant.update({ where: { id }, data });
  publishPlanChange(planId);
}

/** What the engine runs for the tenant now, when all of its layout's services run; else why not. */
async function runningImages(customerId: string, layout: Layout): Promise<ImageSet | string> {
  const containers = (await getSnapshot(1_000)).byCustomer.get(customerId) ?? [];
  const services = LAYOUT_IMAGES[layout];
  const images: ImageSet = {};
  for (const c of containers) if (c.state === 'running' && isOneOf(services, c.service)) images[c.service] = c.image;
  const missing = services.filter((s) => !images[s]);
  return missing.length ? `not running (${missing.join(', ')} down): left as it is` : images;
}

async function layoutOf(customerId: string): Promise<Layout> {
  const { layout } = await db().customer.findUniqueOrThrow({ where: { id: customerId }, select: { layout: true } });
  return isLayout(layout) ? layout : 'classic';
}

/**
 * A tenant upgraded to images other than the fleet default is pinned to them: otherwise its next
 * redeploy would go back to the older default, which a store the new version migrated refuses.
 */
async function holdOnTarget(customerId: string, layout: Layout, target: UpgradeTarget): Promise<void> {
  if (sameImages(target.images, defaultImageSet(await getSettings()), layout)) {
    await db().tenantPin.deleteMany({ where: { customerId } });
    return;
  }
  // The images of the layout it runs; the other layout's follow the default (a later migration uses the fleet's server image).
  const images = JSON.stringify(layoutImages(target.images, layout));
  const note = `Upgraded by plan ${target.planId}`;
  await db().tenantPin.upsert({ where: { customerId }, create: { customerId, images, note, planId: target.planId, actor: target.actor?.username ?? null }, update: { images, note, planId: target.planId } });
}

/**
 * One tenant of a plan, classic or combined alike (each gets the target's images of its own
 * layout): a snapshot → the new images (the stack swap, which puts the old containers back
 * itself when the new ones do not start) → the health gate (every container healthy and
 * management or the combined server answering, inside deployStack; then connected peers back to
 * the fraction). A failure after the swap began rolls back to the previous images, with the data
 * snapshot when the image that holds the data (management, or the combined server) changed. The
 * tenant ends running either way; the reason is recorded on the plan's row and the tenant's job.
 */
export async function upgradeTenant(row: { id: string; customerId: string }, target: UpgradeTarget): Promise<TenantState> {
  const { planId } = target;
  const layout = await layoutOf(row.customerId);
  const from = await runningImages(row.customerId, layout);
  if (typeof from === 'string') {
    await setTenant(row.id, planId, { state: 'skipped', reason: from, finishedAt: new Date() });
    return 'skipped';
  }
  let jobId: string;
  try {
    jobId = (await db().$transaction((tx) => createJob(tx, target.actor ?? SYSTEM_ACTOR, row.customerId, 'upgrade'))).id;
  } catch (err) {
    if (!isAppError(err, 'JOB_RUNNING')) throw err;
    await setTenant(row.id, planId, { state: 'skipped', reason: err.message, finishedAt: new Date() });
    return 'skipped';
  }
  await db().job.update({ where: { id: jobId }, data: { state: 'running', startedAt: new Date() } });
  const peersBefore = await connectedPeers(row.customerId);
  await setTenant(row.id, planId, { state: 'backup', jobId, fromImages: JSON.stringify(from), peersBefore, startedAt: new Date() });
  const r = new StepReporter(jobId);
  let snapshotId: string | null = null;
  let touched = false;
  let downFrom = 0;
  // Step callbacks cannot wait; their writes are chained and awaited before the outcome is written.
  let progress: Promise<void> = Promise.resolve();
  const later = (data: { state?: string; downtimeMs?: number }) => {
    progress = progress.then(() => setTenant(row.id, planId, data)).catch((err: unknown) => log.warn('upgrade progress not recorded', { customerId: row.customerId, error: message(err) }));
  };
  try {
    const snap = await r.step('snapshot', () => backupTenant(row.customerId, { kind: 'safety', trigger: 'upgrade', jobId }), (o) => `Snapshot ${o.snapshotId.slice(0, 8)} before the upgrade`);
    snapshotId = snap.snapshotId;
    await setTenant(row.id, planId, { state: 'upgrading', snapshotId });
    await r.step('upgrade', () =>
      deployStack(row.customerId, {
        images: target.images,
        healthTimeoutMs: target.healthTimeoutMs,
        onStep: (step, state) => {
          if (step === 'start' && state === 'running') {
            touched = true;
            downFrom = Date.now();
          }
          if (step === 'health' && state === 'running') later({ state: 'health' });
          if (step === 'health' && state === 'succeeded') later({ downtimeMs: Date.now() - downFrom });
        },
      }),
      () => `Now on ${target.images[DATA_SERVICE[layout]]}; every container healthy`,
    );
    await progress;
    await r.step('gate', () => waitForPeers(row.customerId, peersBefore, target.peerFraction, target.peerTimeoutMs), (m) => m);
    await r.report('rollback', 'skipped', 'Not needed');
    await r.flush();
    await db().customer.update({ where: { id: row.customerId }, data: { status: 'active', statusReason: null, failedJobId: null } });
    await holdOnTarget(row.customerId, layout, target);
    await setTenant(row.id, planId, { state: 'succeeded', finishedAt: new Date() });
    await finishJob(jobId, null);
    return 'succeeded';
  } catch (err) {
    const reason = message(err);
    await progress;
    if (!touched) {
      // Nothing of the running stack changed (snapshot, images or create failed; the swap put back what it had renamed).
      await r.flush().catch(() => undefined);
      await setTenant(row.id, planId, { state: 'failed', reason: `Not upgraded: ${reason}`, finishedAt: new Date() });
      await finishJob(jobId, reason);
      return 'failed';
    }
    return rollBack(row, target, { from, layout, snapshotId, reason, jobId, r });
  }
}

async function rollBack(row: { id: string; customerId: string }, target: UpgradeTarget, s: { from: ImageSet; layout: Layout; snapshotId: string | null; reason: string; jobId: string; r: StepReporter }): Promise<TenantState> {
  await setTenant(row.id, target.planId, { state: 'rolling_back', reason: s.reason });
  const started = Date.now();
  const restoreData = changesDataImage(s.from, target.images, s.layout);
  try {
    await s.r.step('rollback', () => rollbackTenant(row.customerId, s.from, s.snapshotId, restoreData), (m) => m);
    await s.r.flush().catch(() => undefined);
    await db().customer.update({ where: { id: row.customerId }, data: { status: 'active', statusReason: null } });
    await setTenant(row.id, target.planId, { state: 'rolled_back', rollbackMs: Date.now() - started, finishedAt: new Date() });
    await finishJob(s.jobId, `Rolled back: ${s.reason}`);
    return 'rolled_back';
  } catch (err) {
    const both = `${s.reason}; the rollback failed as well: ${message(err)}`;
    await s.r.flush().catch(() => undefined);
    await db().customer.update({ where: { id: row.customerId }, data: { status: 'error', statusReason: both.slice(0, 1000), failedJobId: s.jobId } });
    await setTenant(row.id, target.planId, { state: 'failed', reason: both, rollbackMs: Date.now() - started, finishedAt: new Date() });
    await finishJob(s.jobId, both);
    return 'failed';
  }
}
