import 'server-only';
import { finiteEventStream } from '../http/finite-event-stream';
import { subscribePlan } from './plan-events';
import { readPlan } from './plan-view';

const FINISHED = ['succeeded', 'stopped', 'aborted'];
/** Changes come in bursts (several tenants at once): one view per 250 ms is enough for a person. */
const COALESCE_MS = 250;

/**
 * Server-sent events for a plan: the plan at once, the plan again after every change (read
 * fresh, coalesced), then `done` once it has finished and the stream ends. An unknown plan is
 * 404 before the stream starts.
 */
export async function planEventStream(planId: string, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  await readPlan(planId);
  return finiteEventStream({
    event: 'plan',
    read: () => readPlan(planId),
    subscribe: (changed) => subscribePlan(planId, () => changed()),
    finished: (view) => FINISHED.includes(view.state),
    signal,
    coalesceMs: COALESCE_MS,
  });
}
