import 'server-only';
import { subscribePlan } from './plan-events';
import { readPlan } from './plan-view';

const FINISHED = ['succeeded', 'stopped', 'aborted'];
const HEARTBEAT_MS = 15_000;
/** Changes come in bursts (several tenants at once): one view per 250 ms is enough for a person. */
const COALESCE_MS = 250;

function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Server-sent events for a plan, as the customer job stream does it: the plan at once, the
 * plan again after every change, then `done` once it has finished and the stream ends.
 */
export async function planEventStream(planId: string, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  const first = await readPlan(planId);
  const encoder = new TextEncoder();
  let cleanup = () => {};
  return new ReadableStream({
    start(controller) {
      let closed = false;
      let timer: NodeJS.Timeout | null = null;
      const send = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      const close = () => {
        if (closed) return;
        closed = true;
        cleanup();
        controller.close();
      };
      const emit = (view: Awaited<ReturnType<typeof readPlan>>) => {
        send(frame('plan', view));
        if (FINISHED.includes(view.state)) {
          send(frame('done', view));
          close();
        }
      };
      const onChange = () => {
        timer ??= setTimeout(() => {
          timer = null;
          void readPlan(planId).then(emit, close);
        }, COALESCE_MS);
      };
      const unsubscribe = subscribePlan(planId, onChange);
      const heartbeat = setInterval(() => send(': keep-alive\n\n'), HEARTBEAT_MS);
      cleanup = () => {
        unsubscribe();
        clearInterval(heartbeat);
        if (timer) clearTimeout(timer);
        signal.removeEventListener('abort', close);
      };
      signal.addEventListener('abort', close);
      send('retry: 2000\n\n');
      emit(first);
    },
    cancel() {
      cleanup();
    },
  });
}
