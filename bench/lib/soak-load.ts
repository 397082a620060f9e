import { percentile } from './report';

export interface EndpointWindow {
  /** From when each request was due (includes waiting behind the client's previous request). */
  times: number[];
  /** From when each request was sent to its answer's end. */
  sent: number[];
  /** 5xx answers. */
  server: number;
  /** Answers other than 2xx/3xx that are not 5xx. */
  client: number;
  /** No answer: connection refused or reset, timeout. */
  failed: number;
}

/** Per-endpoint response times and failures of the current minute; `rotate` hands them over and starts afresh. */
export class Windows {
  private current = new Map<string, EndpointWindow>();

  record(endpoint: string, ms: number, status: number, sentMs = ms): void {
    let w = this.current.get(endpoint);
    if (!w) this.current.set(endpoint, (w = { times: [], sent: [], server: 0, client: 0, failed: 0 }));
    if (status === 0) w.failed += 1;
    else {
      w.times.push(ms);
      w.sent.push(sentMs);
      if (status >= 500) w.server += 1;
      else if (status >= 400) w.client += 1;
    }
  }

  rotate(): Map<string, EndpointWindow> {
    const done = this.current;
    this.current = new Map();
    return done;
  }
}

export function p95(w: EndpointWindow | undefined): number {
  return w ? percentile(w.times, 95) : Number.NaN;
}

export interface Target {
  /** The endpoint's name in the tables, e.g. "GET /api/customers". */
  name: string;
  path: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** At most this many requests of one paced client in flight, like a browser's connections per host. */
const PACED_IN_FLIGHT = 6;

async function timedRequest(url: string, target: Target, headers: Record<string, string>, windows: Windows, stop: AbortSignal, due: number): Promise<boolean> {
  const sent = performance.now();
  const started = Math.min(due, sent);
  try {
    const res = await fetch(`${url}${target.path}`, { headers, redirect: 'manual', signal: AbortSignal.any([stop, AbortSignal.timeout(15_000)]) });
    await res.arrayBuffer();
    windows.record(target.name, performance.now() - started, res.status, performance.now() - sent);
    return true;
  } catch (err) {
    if (stop.aborted) return true;
    windows.record(target.name, performance.now() - started, 0);
    if (!(err instanceof Error)) throw err;
    return false;
  }
}

/**
 * One client requesting `targets` in turn until `stop`; each answer's time and status go into
 * `windows`.
 *
 * Paced (`everyMs`): request i is due at start + i × everyMs and is sent then, whether or not
 * the one before has been answered (at most PACED_IN_FLIGHT at once; past that it waits for a
 * free slot). Its time counts from when it was due, so a server that falls behind shows it in
 * full and no request is silently skipped, but one slow answer does not also make every later
 * request of the client late: that is the server's arrival rate held constant, the load a
 * soak compares minute by minute.
 *
 * Without `everyMs`: back to back, one at a time, which measures capacity rather than latency;
 * a failed request is followed by a short pause, so a dead server is measured as failures,
 * not a busy loop.
 */
export async function requestLoop(url: string, targets: Target[], headers: Record<string, string>, windows: Windows, stop: AbortSignal, everyMs?: number): Promise<void> {
  if (!everyMs) {
    for (let i = 0; !stop.aborted; i++) {
      const ok = await timedRequest(url, targets[i % targets.length], headers, windows, stop, performance.now());
      if (!ok) await sleep(500);
    }
    return;
  }
  const t0 = performance.now();
  const inFlight = new Set<Promise<boolean>>();
  for (let i = 0; !stop.aborted; i++) {
    const due = t0 + i * everyMs;
    if (due > performance.now()) await sleep(due - performance.now());
    while (inFlight.size >= PACED_IN_FLIGHT && !stop.aborted) await Promise.race(inFlight);
    if (stop.aborted) break;
    const request = timedRequest(url, targets[i % targets.length], headers, windows, stop, due).finally(() => inFlight.delete(request));
    inFlight.add(request);
  }
  await Promise.allSettled(inFlight);
}

/**
 * A long-lived stream (a log follow or the SSE event stream), read until `stop`. The time to
 * its headers is recorded like a request, and a stream that got none counts as "no answer". A
 * stream the server ends is counted in `reopened` and opened again; one cut by an error after
 * its answer is listed in `cut` with the error, apart from the unanswered ones.
 */
export async function followStream(url: string, target: Target, headers: Record<string, string>, windows: Windows, stop: AbortSignal, counters: { reopened: number; cut: string[]; bytes: number }): Promise<void> {
  while (!stop.aborted) {
    const started = performance.now();
    let answered = false;
    try {
      const res = await fetch(`${url}${target.path}`, { headers, signal: stop });
      windows.record(target.name, performance.now() - started, res.status);
      answered = true;
      const reader = res.body?.getReader();
      // A pending read does not always notice the abort: cancel it explicitly.
      const cancel = () => void reader?.cancel().catch(() => undefined);
      stop.addEventListener('abort', cancel, { once: true });
      try {
        for (let r = await reader?.read(); r && !r.done && !stop.aborted; r = await reader?.read()) counters.bytes += r.value.byteLength;
      } finally {
        stop.removeEventListener('abort', cancel);
      }
    } catch (err) {
      if (stop.aborted) return;
      if (!(err instanceof Error)) throw err;
      const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
      if (answered) counters.cut.push(`${target.name} after ${((performance.now() - started) / 1000).toFixed(1)} s, ${err.message}${cause}`);
      else windows.record(target.name, performance.now() - started, 0);
    }
    if (stop.aborted) return;
    counters.reopened += 1;
    await sleep(1000);
  }
}

/** Waits for the clients to notice `stop`, at most `ms`; names the ones still running rather than hanging. */
export async function settleClients(clients: Record<string, Promise<void>>, ms = 15_000): Promise<void> {
  const pending = new Set(Object.keys(clients));
  const all = Promise.allSettled(Object.entries(clients).map(([name, p]) => p.finally(() => pending.delete(name))));
  const timer = new Promise((r) => setTimeout(r, ms).unref());
  await Promise.race([all, timer]);
  if (pending.size) console.error(`soak: clients still running ${ms / 1000} s after the end, left behind: ${[...pending].join(', ')}`);
}
