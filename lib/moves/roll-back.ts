import 'server-only';
import { db } from '../db';
import { dockerCall, engineMessage } from '../docker/client';
import { customerFilter } from '../docker/labels';
import type { Engine } from '../docker/engine';
import { startStack, stopAndRemove, stopStack } from '../docker/stack-containers';
import { AppError, isAppError } from '../errors';
import { waitForHealthy } from '../health/stack-health';
import { ensureProxyForTenant } from '../jobs/proxy-step';
import { removeTenantStackOn } from '../netbird/remove-stack';
import { renderTenantFiles } from '../netbird/render-files';
import type { TenantStackSpec } from '../netbird/stack-spec';
import { filesOn, writeTenantFiles } from '../netbird/tenant-files';
import { getSettings } from '../settings/store';
import { LABEL_MOVE } from './move-target';

export interface Moving {
  moveId: string;
  customer: { id: string; subdomain: string };
  fromHostId: string;
  toHostId: string;
  source: Engine;
  target: Engine;
  sourceSpec: TenantStackSpec;
  healthTimeoutMs: number;
  /** What has happened so far: the rollback undoes exactly that. */
  stoppedAt?: number;
  proxySwitched?: boolean;
  /** The stack as prepared on the target, once the start step began starting it. */
  targetStarted?: TenantStackSpec;
}

/** A target that died must not hold up the way back for long: the source comes first. */
export const TARGET_STOP_WAIT_MS = 5_000;

/** The source's files again: a target sharing its directory (one storage for both hosts) may have rendered its own ports into them. */
async function restartSource(m: Moving): Promise<string> {
  await writeTenantFiles(m.sourceSpec, renderTenantFiles(m.sourceSpec.template), filesOn(m.source, m.sourceSpec));
  await startStack(m.source, m.sourceSpec);
  await waitForHealthy(m.source, m.sourceSpec, m.healthTimeoutMs);
  return 'source running again';
}

/** Bounded: a host that does not answer gets a few seconds, then the way back goes on without it. */
export async function bounded<T>(what: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([what, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What this move created on the target, found by its move label: never another container of the
 * customer (on one engine reached through two host records that would be the running source).
 * The tenant network goes only when no container of the customer is left on that engine.
 */
async function removeMoveContainers(target: Engine, moveId: string, customer: { id: string; subdomain: string }): Promise<void> {
  const made = await dockerCall(target, `list containers of move ${moveId}`, (d) => d.listContainers({ all: true, filters: { label: [`${LABEL_MOVE}=${moveId}`] } }));
  await Promise.all(made.map((c) => stopAndRemove(target, c.Id)));
  const rest = await dockerCall(target, `list containers of ${customer.subdomain}`, (d) => d.listContainers({ all: true, filters: customerFilter(customer.id) }));
  if (rest.length === 0) await removeTenantStackOn(target, customer);
}

/** Best effort: what cannot be removed from the target (it died, most often) is named for the operator instead of failing the way back. */
export async function removeFromTarget(target: Engine, moveId: string, customer: { id: string; subdomain: string }): Promise<string> {
  try {
    await removeMoveContainers(target, moveId, customer);
    return 'target containers removed';
  } catch (err) {
    return `left on the target, remove when it answers again: ${customer.subdomain}'s containers and network (${engineMessage(err)})`;
  }
}

/**
 * Undoes whatever the move did, the source first: the target's most likely failure is that it
 * died, and nothing on it may keep the tenant down. A target that was started is stopped first
 * if it answers within seconds (on a storage both hosts share it must not run beside the
 * source); then NPM points back, the source's files are rewritten and it is started and
 * health-checked; then the target's containers are removed, best effort.
 */
export async function rollBack(m: Moving): Promise<string> {
  const done: string[] = [];
  if (m.targetStarted) {
    const spec = m.targetStarted;
    await bounded(stopStack(m.target, spec), TARGET_STOP_WAIT_MS).then(
      () => done.push('target stopped'),
      (err: unknown) => done.push(`target not stopped (${engineMessage(err)})`),
    );
  }
  let failed: unknown;
  try {
    if (m.proxySwitched) {
      await ensureProxyForTenant(m.sourceSpec, await getSettings());
      done.push('proxy host points at the source again');
    }
    if (m.stoppedAt !== undefined) {
      done.push(await restartSource(m));
      await db().tenantMove.update({ where: { id: m.moveId }, data: { downtimeMs: Date.now() - m.stoppedAt } });
    } else {
      await writeTenantFiles(m.sourceSpec, renderTenantFiles(m.sourceSpec.template), filesOn(m.source, m.sourceSpec));
    }
  } catch (err) {
    failed = err;
  }
  done.push(await removeFromTarget(m.target, m.moveId, m.customer));
  if (failed !== undefined) {
    const reason = failed instanceof Error ? failed.message : String(failed);
    throw new AppError(isAppError(failed) ? failed.code : 'STACK_UNHEALTHY', `The source could not be restored: ${reason} (${done.join(', ')})`);
  }
  return `Tenant left on its source host: ${done.join(', ')}`;
}
