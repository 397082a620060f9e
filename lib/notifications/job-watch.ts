import 'server-only';
import { db } from '../db';
import { raiseEvent, resolveEvent } from './raise-event';

/**
 * A finished job: a failure is raised per customer (deploy, upgrade, restore, …), and the next
 * job of that customer that succeeds resolves it. Backups are told by the backup watch.
 */
export async function notifyJobFinished(job: { id: string; kind: string; customerId: string | null }, error: string | null): Promise<void> {
  if (job.kind === 'backup') return;
  const key = job.customerId ?? job.id;
  if (!error) {
    if (job.customerId) await resolveEvent('job.failed', key);
    return;
  }
  const customer = job.customerId ? await db().customer.findUnique({ where: { id: job.customerId }, select: { name: true, subdomain: true } }) : null;
  await raiseEvent({
    kind: 'job.failed',
    key,
    customerId: job.customerId,
    params: { subject: customer ? `${customer.name} (${customer.subdomain})` : job.kind, detail: `${job.kind}: ${error.slice(0, 300)}`, job_kind: job.kind },
  });
}
