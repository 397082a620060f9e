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
import { writeTenantFiles } from '../netbird/tenant-files';
import { filesOn } from './move-target';

/**
 * At start-up, moves the previous process left unfinished. Before the record step the tenant
 * still belongs to its source: what was made on the target is removed and the source is
 * started again (unless it was meant to be stopped). After the record it belongs to the
 * target and the move counts as done; the source's leftovers are removed. Drains that were
 * running are marked `interrupted`: an operator starts them again. Runs before recoverJobs
 * fails the move jobs themselves.
 */
export async function recoverInterruptedMoves(): Promise<number> {
  const open = await db().tenantMove.findMany({ where: { state: { in: ['queued', 'running'] } } });
  if (open.length) await ensureHostEngines();
  for (const move of open) {
    const customer = await db().customer.findUnique({ where: { id: move.customerId }, include: { deployment: true } });
    try {
      if (!customer?.deployment) throw new Error('the customer or its deployment is gone');
      const onTarget = customer.deployment.hostId === move.toHostId;
      const leaving = engineFor(onTarget ? move.fromHostId : move.toHostId);
      await removeTenantStackOn(leaving, customer);
      if (!onTarget && customer.desiredState !== 'stopped') {
        const spec = await loadStackSpec(customer.id);
        const source = engineFor(move.fromHostId);
        await writeTenantFiles(spec, renderTenantFiles(spec.template), filesOn(source, spec));
        await startStack(source, spec);
      }
      await db().tenantMove.update({
        where: { id: move.id },
        data: onTarget ? { state: 'succeeded', finishedAt: new Date() } : { state: 'failed', error: 'The appliance restarted during the move; the tenant was started again on its source host.', finishedAt: new Date() },
      });
    } catch (err) {
      log.error('an interrupted move could not be settled', { moveId: move.id, error: engineMessage(err) });
      await db().tenantMove.update({ where: { id: move.id }, data: { state: 'failed', error: `Interrupted, and settling it failed: ${engineMessage(err)}`.slice(0, 2000), finishedAt: new Date() } });
    }
  }
  await db().hostDrain.updateMany({ where: { state: 'running' }, data: { state: 'interrupted', finishedAt: new Date() } });
  if (open.length) log.warn('interrupted moves settled', { moves: open.length });
  return open.length;
}
