import 'server-only';
import type { Engine } from './types';
import { AppError } from '../errors';
import { dockerCall } from './client';
import { LABEL_CUSTOMER, LABEL_SERVICE } from './labels';
import { listLabelled } from './list-containers';
import { LogDemuxer, type LogLine } from './log-demux';

export type { LogLine } from './log-demux';

export interface LogQuery {
  /** Last N lines (default 200). */
  tail?: number;
  /** Only lines at or after this time. */
  since?: Date;
}

async function serviceContainerId(engine: Engine, customerId: string, service: string): Promise<string> {
  const found = await listLabelled(engine, `find ${service} of ${customerId}`, { label: [`${LABEL_CUSTOMER}=${customerId}`, `${LABEL_SERVICE}=${service}`] });
  if (!found.length) throw new AppError('NOT_FOUND', `No ${service} container for this customer`);
  return found[0].Id;
}

function logOptions(q: LogQuery) {
  return {
    stdout: true,
    stderr: true,
    timestamps: true,
    tail: q.tail ?? 200,
    since: q.since ? Math.floor(q.since.getTime() / 1000) : 0,
  };
}

/** The last lines of one service's log, stdout and stderr demultiplexed, oldest first. */
export async function getServiceLogs(engine: Engine, customerId: string, service: string, q: LogQuery = {}): Promise<LogLine[]> {
  const id = await serviceContainerId(engine, customerId, service);
  const raw = await dockerCall(engine, `logs of ${service}`, (d) => d.getContainer(id).logs({ ...logOptions(q), follow: false }));
  const demux = new LogDemuxer(true);
  return [...demux.push(Buffer.from(raw)), ...demux.flush()];
}

/**
 * Follows one service's log: yields the requested tail, then new lines as they come.
 * Ends when the container stops or `signal` aborts (e.g. the client went away).
 */
export async function* followServiceLogs(engine: Engine, customerId: string, service: string, q: LogQuery & { signal?: AbortSignal } = {}): AsyncGenerator<LogLine> {
  const id = await serviceContainerId(engine, customerId, service);
  const stream = await dockerCall(engine, `follow logs of ${service}`, (d) => d.getContainer(id).logs({ ...logOptions(q), follow: true }));
  const readable: NodeJS.ReadableStream & { destroy?: () => void } = stream;
  const stop = () => readable.destroy?.();
  q.signal?.addEventListener('abort', stop, { once: true });
  const demux = new LogDemuxer(true);
  try {
    for await (const chunk of readable) {
      for (const line of demux.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk))) yield line;
    }
    for (const line of demux.flush()) yield line;
  } catch (err) {
    // Destroying the stream on abort ends the iteration with an error; that is a normal end.
    if (!q.signal?.aborted) throw err;
  } finally {
    q.signal?.removeEventListener('abort', stop);
    stop();
  }
}
