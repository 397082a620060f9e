import 'server-only';
import { db } from '../db';
import { engineFor } from '../docker/engine';
import { engineMessage } from '../docker/client';
import { startStack } from '../docker/stack-containers';
import { ensureHostEngines } from '../hosts/host-engines';
import { log } from '../log';
import { loadStackSpec } from '../netbird/load-stack-spec';
import { removeTenantStackOn } from '../netbird/remove-stack';
import { renderTenantFiles } from '../netbird/render-files';
import { filesOn, writeTenantFiles } from '../netbird/tenant-files';
import type { TenantMove } from '../generated/prisma/client';
import { ensureProxyForTenant } from '../jobs/proxy-step';
import { getSettings } from '../settings/store';
import { bounded, removeFromTarget, TARGET_STOP_WAIT_MS } from './roll-back';

/** Before the record the tenant belongs to its source: the target is cleared if it answers at once, the source runs again and NPM points there, then the target is cleared if that waited. */
async function backToSource(move: TenantMove, customer: { id: string; subdomain: string; desiredState: string }): Promise<string> {
  const spec = await loadStackSpec(customer.id);
  const source = engineFor(move.fromHostId);
  const targetEngine = engineFor(move.toHostId);
  // On a storage both hosts share, a started target must not run beside the source: it goes first when it answers within seconds.
  const early = await bounded(removeFromTarget(targetEngine, move.id, customer), TARGET_STOP_WAIT_MS).catch(() => null);
  await writeTenantFiles(spec, renderTenantFiles(spec.template), filesOn(source, spec));
  if (customer.desiredState !== 'stopped') await startStack(source, spec);
  // The move may have stopped after switching NPM's forward target: point it back in any case.
  await ensureProxyForTenant(spec, await getSettings());
  const target = early ?? (await removeFromTarget(targetEngine, move.id, customer));
  return `The appliance restarted during the move; the tenant was started again on its source host (${target}).`;
}

/**
 * At start-up, moves the previous process left unfinished. Before the record step the tenant
 * still belongs to its source: what this move made on the target is removed if the target
 * answers within seconds (on shared storage it must not run beside the source), the source is
 * started again (unless it was meant to be stopped) and NPM pointed at it, and a target that
 * did not answer is tried again after, best effort (a target that died must not keep the
 * tenant down). After the record it
 * belongs to the target and the move counts as done; the source's leftovers are removed, best
 * effort too. Drains that were running are marked `interrupted`: an operator starts them again.
 * Runs before recoverJobs fails the move jobs themselves.
 */
export async function recoverInterruptedMoves(): Promise<number> {
  const open = await db().tenantMove.findMany({ where: { state: { in: ['queued', 'running'] } } });
  if (open.length) await ensureHostEngines();
  for (const move of open) {
    const customer = await db().customer.findUnique({ where: { id: move.customerId }, include: { deployment: true } });
    try {
      if (!customer?.deployment) throw new Error('the customer or its deployment is gone');
      if (customer.deployment.hostId === move.toHostId) {
        await removeTenantStackOn(engineFor(move.fromHostId), customer).catch((err: unknown) =>
          log.warn('a finished move left containers on its source host', { moveId: move.id, customer: customer.subdomain, error: engineMessage(err) }),
        );
        await db().tenantMove.update({ where: { id: move.id }, data: { state: 'succeeded', finishedAt: new Date() } });
      } else {
        const error = await backToSource(move, customer);
        await db().tenantMove.update({ where: { id: move.id }, data: { state: 'failed', error, finishedAt: new Date() } });
      }
    } catch (err) {
      log.error('an interrupted move could not be settled', { moveId: move.id, error: engineMessage(err) });
      await db().tenantMove.update({ where: { id: move.id }, data: { state: 'failed', error: `Interrupted, and settling it failed: ${engineMessage(err)}`.slice(0, 2000), finishedAt: new Date() } });
    }
  }
  await db().hostDrain.updateMany({ where: { state: 'running' }, data: { state: 'interrupted', finishedAt: new Date() } });
  if (open.length) log.warn('interrupted moves settled', { moves: open.length });
  return open.length;
}
