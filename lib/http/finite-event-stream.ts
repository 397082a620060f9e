/**
 * Server-sent events that end: the current value at once, every change as it happens, then
 * `done` with the final value and the stream closes (an EventSource that sees `done` closes
 * itself instead of reconnecting). The customer job stream and the upgrade plan stream are both
 * this; they differ only in where values come from.
 */
export interface FiniteEventStreamOptions<T> {
  /** Name of the event each value is sent as (`job`, `plan`). */
  event: string;
  /** The current value; null: nothing to follow (`done` with null, then the end). */
  read: () => Promise<T | null>;
  /** Subscribes to changes; a listener called without a value asks for a fresh `read`. Returns the unsubscribe. */
  subscribe: (changed: (value?: T) => void) => () => void;
  /** Whether a value is final: after it, `done` and the end. */
  finished: (value: T) => boolean;
  signal: AbortSignal;
  /** Changes without a value that come in bursts are read once per this many ms. */
  coalesceMs?: number;
  heartbeatMs?: number;
}

const HEARTBEAT_MS = 15_000;

export function sseFrame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function finiteEventStream<T>(opts: FiniteEventStreamOptions<T>): ReadableStream<Uint8Array> {
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
      const emit = (value: T | null) => {
        if (closed) return;
        if (value === null) {
          send(sseFrame('done', null));
          return close();
        }
        send(sseFrame(opts.event, value));
        if (opts.finished(value)) {
          send(sseFrame('done', value));
          close();
        }
      };
      // A read that fails ends the stream; the client's EventSource reconnects and reads again.
      const readAndEmit = () => void opts.read().then(emit, close);
      const onChange = (value?: T) => {
        if (value !== undefined) return emit(value);
        if (!opts.coalesceMs) return readAndEmit();
        timer ??= setTimeout(() => {
          timer = null;
          readAndEmit();
        }, opts.coalesceMs);
      };
      // Subscribe before the first read, so no change between the read and the subscription is lost.
      const unsubscribe = opts.subscribe(onChange);
      const heartbeat = setInterval(() => send(': keep-alive\n\n'), opts.heartbeatMs ?? HEARTBEAT_MS);
      cleanup = () => {
        unsubscribe();
        clearInterval(heartbeat);
        if (timer) clearTimeout(timer);
        opts.signal.removeEventListener('abort', close);
      };
      opts.signal.addEventListener('abort', close);
      send('retry: 2000\n\n');
      readAndEmit();
    },
    cancel() {
      cleanup();
    },
  });
}
