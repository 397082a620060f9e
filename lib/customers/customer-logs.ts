import 'server-only';
import { z } from 'zod';
import { db } from '../db';
import { AppError, toErrorResponse } from '../errors';
import { errorMessage } from '../caught';
import { log } from '../log';
import { followServiceLogs, getServiceLogs, type LogLine } from '../docker/logs';
import { isLayout } from '../netbird/layout';
import { managementServiceOf, SERVICES, type Service } from '../netbird/stack-spec';
import { tenantEngine } from '../netbird/tenant-engine';

export const logsQuerySchema = z.object({
  // Without a service: the container with the management API of the tenant's layout.
  service: z.enum(SERVICES).optional(),
  tail: z.coerce.number().int().min(1).max(10_000).default(200),
  since: z
    .string()
    .refine((v) => !Number.isNaN(Date.parse(v)) || /^\d+$/.test(v), 'must be an ISO date or a Unix time in seconds')
    .transform((v) => (/^\d+$/.test(v) ? new Date(Number(v) * 1000) : new Date(v)))
    .optional(),
  follow: z
    .enum(['true', 'false', '1', '0'])
    .transform((v) => v === 'true' || v === '1')
    .default(false),
});
export type LogsQuery = z.infer<typeof logsQuerySchema>;

export interface LogLineView {
  time: string | null;
  stream: string;
  text: string;
}

export function toLogLineView(l: LogLine): LogLineView {
  return { time: l.time?.toISOString() ?? null, stream: l.stream, text: l.text };
}

/** The service to read: the one asked for, or the layout's management container. */
async function resolveService(id: string, asked: Service | undefined): Promise<Service> {
  const c = await db().customer.findUnique({ where: { id }, select: { layout: true } });
  if (!c) throw new AppError('NOT_FOUND', 'Customer not found.');
  return asked ?? managementServiceOf(isLayout(c.layout) ? c.layout : 'classic');
}

export async function readCustomerLogs(id: string, q: LogsQuery): Promise<{ service: string; lines: LogLineView[] }> {
  const service = await resolveService(id, q.service);
  const lines = await getServiceLogs(await tenantEngine(id), id, service, { tail: q.tail, since: q.since });
  return { service, lines: lines.map(toLogLineView) };
}

/** A quiet stream sends a blank line this often: proxies (nginx's 60 s read timeout) and HTTP clients cut a silent answer. */
export const LOG_KEEPALIVE_MS = 20_000;

/**
 * Newline-delimited JSON, one line per log line, until the client goes away or the container's
 * log ends. An engine error after the answer has begun (the container was killed, the engine
 * restarted) cannot change the status any more: it becomes a last line in the one error shape,
 * `{"error":{"code","message"}}`, and the stream ends cleanly rather than being cut off. While
 * the container writes nothing, a blank line every LOG_KEEPALIVE_MS keeps the answer alive.
 */
export async function streamCustomerLogs(id: string, q: LogsQuery, signal: AbortSignal, keepAliveMs = LOG_KEEPALIVE_MS): Promise<ReadableStream<Uint8Array>> {
  const service = await resolveService(id, q.service);
  const lines = followServiceLogs(await tenantEngine(id), id, service, { tail: q.tail, since: q.since, signal });
  const encoder = new TextEncoder();
  let closed = false;
  let lastSent = Date.now();
  let keepAlive: NodeJS.Timeout | undefined;
  const finish = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    closed = true;
    clearInterval(keepAlive);
    controller.close();
  };
  return new ReadableStream({
    start(controller) {
      keepAlive = setInterval(() => {
        if (closed || Date.now() - lastSent < keepAliveMs) return;
        lastSent = Date.now();
        try {
          controller.enqueue(encoder.encode('\n'));
        } catch {
          // A stream its reader ended without telling us takes nothing more; a throw in a timer
          // would end the whole server, so the keep-alive just stops.
          closed = true;
          clearInterval(keepAlive);
        }
      }, Math.max(50, Math.floor(keepAliveMs / 4)));
    },
    async pull(controller) {
      try {
        const next = await lines.next();
        if (closed) return;
        if (next.done) return finish(controller);
        lastSent = Date.now();
        controller.enqueue(encoder.encode(`${JSON.stringify(toLogLineView(next.value))}\n`));
      } catch (err) {
        if (closed) return;
        if (!signal.aborted) {
          log.warn('log stream ended by an error', { customerId: id, service, error: errorMessage(err) });
          controller.enqueue(encoder.encode(`${JSON.stringify(toErrorResponse(err).body)}\n`));
        }
        finish(controller);
      }
    },
    async cancel() {
      closed = true;
      clearInterval(keepAlive);
      await lines.return(undefined);
    },
  });
}
