import 'server-only';
import { EventEmitter } from 'node:events';
import type { JobView } from './job-view';
import { globalSingleton } from '../global-singleton';

/** In-process fan-out of job progress to the SSE endpoint and `?wait=true` callers. */
const g = globalSingleton<{ jobEvents?: EventEmitter }>('jobEvents', () => ({}));
const emitter = (g.jobEvents ??= new EventEmitter().setMaxListeners(0));

export function publishJob(job: JobView): void {
  emitter.emit(`customer:${job.customer_id}`, job);
  emitter.emit(`job:${job.id}`, job);
}

export function subscribeCustomerJobs(customerId: string, listener: (job: JobView) => void): () => void {
  emitter.on(`customer:${customerId}`, listener);
  return () => emitter.off(`customer:${customerId}`, listener);
}

export function subscribeJob(jobId: string, listener: (job: JobView) => void): () => void {
  emitter.on(`job:${jobId}`, listener);
  return () => emitter.off(`job:${jobId}`, listener);
}
