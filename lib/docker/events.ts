import 'server-only';
import { z } from 'zod';
import type { Engine } from './types';
import { LABEL_CUSTOMER, LABEL_SERVICE } from './labels';

export interface TenantEvent {
  customerId: string;
  service: string;
  containerId: string;
  /** start | die | stop | kill | oom | health_status */
  action: string;
  exitCode?: number;
  time: Date;
}

export interface EventSubscription {
  close(): void;
}

const ACTIONS = ['start', 'die', 'stop', 'kill', 'oom', 'health_status'];

const rawEventSchema = z.object({
  Type: z.string().optional(),
  Action: z.string().optional(),
  Actor: z.object({ ID: z.string().optional(), Attributes: z.record(z.string(), z.string()).optional() }).optional(),
  timeNano: z.number().optional(),
  time: z.number().optional(),
});
type RawEvent = z.infer<typeof rawEventSchema>;

export function toTenantEvent(raw: RawEvent): TenantEvent | undefined {
  const attrs = raw.Actor?.Attributes ?? {};
  const customerId = attrs[LABEL_CUSTOMER];
  if (raw.Type !== 'container' || !customerId || !raw.Action) return undefined;
  // health_status arrives as "health_status: healthy".
  const action = raw.Action.split(':')[0];
  if (!ACTIONS.includes(action)) return undefined;
  const exit = attrs.exitCode !== undefined ? Number(attrs.exitCode) : undefined;
  const time = raw.timeNano ? new Date(Math.floor(raw.timeNano / 1e6)) : new Date((raw.time ?? 0) * 1000);
  return { customerId, service: attrs[LABEL_SERVICE] ?? '', containerId: raw.Actor?.ID ?? '', action, exitCode: exit, time };
}

/**
 * Subscribes to container events of our tenants. The subscription survives engine restarts:
 * on a dropped stream it reconnects with backoff and asks for events since the last one seen,
 * so nothing in between is lost (events of that second may arrive twice: handle them idempotently).
 */
export function subscribeTenantEvents(engine: Engine, onEvent: (e: TenantEvent) => void, onError?: (err: unknown) => void): EventSubscription {
  let closed = false;
  let current: (NodeJS.ReadableStream & { destroy?: () => void }) | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let since = Math.floor(Date.now() / 1000);
  let delay = 500;

  const retry = (err?: unknown) => {
    current = undefined;
    if (closed) return;
    if (err) onError?.(err);
    retryTimer = setTimeout(connect, delay);
    delay = Math.min(delay * 2, 30_000);
  };

  function connect() {
    if (closed) return;
    const filters = { type: ['container' as const], label: [LABEL_CUSTOMER], event: ACTIONS };
    engine.docker().getEvents({ since, filters }, (err, stream) => {
      if (err || !stream) return retry(err ?? new Error('no event stream'));
      const live: NonNullable<typeof current> = stream;
      if (closed) return live.destroy?.();
      current = live;
      delay = 500;
      let buffered = '';
      let ended = false;
      // 'error' and 'end' can both fire for one drop: reconnect once.
      const reconnect = (e?: unknown) => {
        if (ended) return;
        ended = true;
        retry(e);
      };
      stream.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) handleLine(line);
      });
      stream.on('error', (e: unknown) => reconnect(e));
      stream.on('end', () => reconnect());
    });
  }

  function handleLine(line: string) {
    if (!line.trim()) return;
    let raw: RawEvent;
    try {
      raw = rawEventSchema.parse(JSON.parse(line));
    } catch (err) {
      onError?.(err);
      return;
    }
    if (raw.time) since = raw.time;
    const event = toTenantEvent(raw);
    if (event) onEvent(event);
  }

  connect();
  return {
    close() {
      closed = true;
      clearTimeout(retryTimer);
      current?.destroy?.();
    },
  };
}
