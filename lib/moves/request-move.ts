import 'server-only';
import type { Actor } from '../auth/actor';
import { recordAudit } from '../audit/record';
import { db } from '../db';
import { AppError } from '../errors';
import { toHostView } from '../hosts/host-view';
import { stunAddressOf } from '../hosts/tenant-host';
import { createJob } from '../jobs/enqueue-job';
import type { JobView } from '../jobs/job-view';
import { scheduleJob } from '../jobs/runner';
import { combinedFitsHost } from '../netbird/layout';
import type { MoveTenantInput } from './schemas';
import { refuseSameEngine } from './engine-identity';

export interface RequestedMove {
  job: JobView;
  move_id: string;
}

function unknownHost(): AppError {
  return new AppError('VALIDATION_FAILED', 'Invalid value for: host_id', { fields: [{ path: 'host_id', message: 'no such host', code: 'custom' }] });
}

/**
 * Queues the move of a deployed tenant to another host (lib/moves/move-tenant runs it).
 * Refused before anything is written: an unknown host is 422 on `host_id`; the host it runs
 * on already, a host that takes no tenants (cordoned, draining, unreachable at its last
 * contact), a host record reaching the same Docker Engine as the current one, a combined tenant to a host with its own public address (STUN) and a job already
 * running for the customer are 409. The job row, the move row
 * and the audit entry are written in one transaction.
 */
export async function requestMove(actor: Actor, customerId: string, input: MoveTenantInput, opts: { drainId?: string } = {}): Promise<RequestedMove> {
  await refuseSameEngine(customerId, input.host_id);
  const { job, moveId } = await db().$transaction(async (tx) => {
    const customer = await tx.customer.findUnique({ where: { id: customerId }, include: { deployment: true } });
    if (!customer) throw new AppError('NOT_FOUND', 'Customer not found.');
    const host = await tx.host.findUnique({ where: { id: input.host_id } });
    if (!host) throw unknownHost();
    const d = customer.deployment;
    if (!d?.deployedAt || customer.status === 'pending') throw new AppError('CONFLICT', 'This customer has not been deployed yet: deploy it first.');
    if (customer.status === 'deleting') throw new AppError('CONFLICT', 'This customer is being deleted.');
    if (d.hostId === host.id) throw new AppError('CONFLICT', `${customer.subdomain} already runs on "${host.name}".`, { field: 'host_id' });
    if (customer.layout === 'combined' && !combinedFitsHost(stunAddressOf(host))) {
      throw new AppError('CONFLICT', `${customer.subdomain} runs the combined layout, which announces STUN only at its domain: it cannot run on "${host.name}", a host with its own public address.`, { field: 'host_id' });
    }
    const shown = toHostView(host, 0).state;
    if (shown !== 'ready') throw new AppError('HOST_NOT_READY', `Host "${host.name}" takes no tenants (${shown}).`, { field: 'host_id', state: shown });
    const created = await createJob(tx, actor, customerId, 'move');
    const move = await tx.tenantMove.create({
      data: {
        jobId: created.id,
        customerId,
        drainId: opts.drainId ?? null,
        fromHostId: d.hostId,
        toHostId: host.id,
        fromDashboardPort: d.dashboardPort,
        fromRelayPort: d.relayPort,
      },
    });
    await recordAudit(
      actor,
      { action: 'customer.move', target: `customer:${customer.subdomain}`, details: { job_id: created.id, from_host: d.hostId, to_host: host.id, drain_id: opts.drainId ?? null } },
      tx,
    );
    return { job: created, moveId: move.id };
  });
  scheduleJob(job.id);
  return { job, move_id: moveId };
}
