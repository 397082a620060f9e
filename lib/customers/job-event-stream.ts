import 'server-only';
import { db } from '../db';
import { AppError } from '../errors';
import { finiteEventStream } from '../http/finite-event-stream';
import { subscribeCustomerJobs } from '../jobs/job-events';
import { toJobView, type JobView } from '../jobs/job-view';

const FINISHED = ['succeeded', 'failed', 'cancelled'];

/**
 * Server-sent events for a customer: the current (or latest) job at once, every
 * step change as it happens, then `done` with the final job and the stream ends.
 * With no job at all it sends `done` with null straight away.
 */
export async function customerEventStream(customerId: string, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  const customer = await db().customer.findUnique({ where: { id: customerId }, select: { id: true } });
  if (!customer) throw new AppError('NOT_FOUND', 'Customer not found.');
  return finiteEventStream<JobView>({
    event: 'job',
    read: async () => {
      const latest = await db().job.findFirst({ where: { customerId }, include: { steps: true }, orderBy: { createdAt: 'desc' } });
      return latest ? toJobView(latest) : null;
    },
    subscribe: (changed) => subscribeCustomerJobs(customerId, changed),
    finished: (job) => FINISHED.includes(job.state),
    signal,
  });
}
