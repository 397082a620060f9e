import 'server-only';
import { db } from '../db';
import { AppError } from '../errors';
import { subscribeCustomerJobs } from '../jobs/job-events';
import { toJobView, type JobView } from '../jobs/job-view';

const FINISHED = ['succeeded', 'failed', 'cancelled'];
const HEARTBEAT_MS = 15_000;

function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Server-sent events for a customer: the current (or latest) job at once, every
 * step change as it happens, then `done` with the final job and the stream ends.
 * With no running job it sends the latest job and `done` straight away.
 */
export async function customerEventStream(customerId: string, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  const customer = await db().customer.findUnique({ where: { id: customerId }, select: { id: true } });
  if (!customer) throw new AppError('NOT_FOUND', 'Customer not found.');
  const encoder = new TextEncoder();
  let cleanup = () => {};
  return new ReadableStream({
    async start(controller) {
      let closed = false;
      const send = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      const close = () => {
        if (closed) return;
        closed = true;
        cleanup();
        controller.close();
      };
      const onJob = (job: JobView) => {
        send(frame('job', job));
        if (FINISHED.includes(job.state)) {
          send(frame('done', job));
          close();
        }
      };
      // Subscribe before reading, so no change between the read and the subscription is lost.
      const unsubscribe = subscribeCustomerJobs(customerId, onJob);
      const heartbeat = setInterval(() => send(': keep-alive\n\n'), HEARTBEAT_MS);
      cleanup = () => {
        unsubscribe();
        clearInterval(heartbeat);
        signal.removeEventListener('abort', close);
      };
      signal.addEventListener('abort', close);
      send('retry: 2000\n\n');
      const latest = await db().job.findFirst({ where: { customerId }, include: { steps: true }, orderBy: { createdAt: 'desc' } });
      if (!latest) {
        send(frame('done', null));
        close();
        return;
      }
      onJob(toJobView(latest));
    },
    cancel() {
      cleanup();
    },
  });
}
