import fs from 'node:fs';
import os from 'node:os';

/**
 * What the server and the machine did in a minute, beside what the clients saw: a client's p95
 * counts from when its request was due, so it also holds the time the request waited behind the
 * previous one. These figures say where that time went: the server's own handling time (its
 * request histogram), its event loop, and whether the whole machine was short of CPU.
 */
export interface ServerFigures {
  /** Upper bound of the bucket holding the 95th percentile of the server's own handling time of the route, ms. */
  handledP95Ms: number;
  /** The server's event-loop lag over the minute (prom-client resets it at each scrape), ms. */
  loopP99Ms: number;
  loopMaxMs: number;
}

type Buckets = Map<number, number>;

/** Cumulative bucket counts of `netbird_msp_http_request_duration_seconds` for one GET route, all statuses. */
function routeBuckets(text: string, route: string): Buckets {
  const out: Buckets = new Map();
  const re = /^netbird_msp_http_request_duration_seconds_bucket\{([^}]*)\} (\d+(?:\.\d+)?)$/gm;
  for (const m of text.matchAll(re)) {
    const labels = Object.fromEntries([...m[1].matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (labels.method !== 'GET' || labels.route !== route) continue;
    const le = labels.le === '+Inf' ? Infinity : Number(labels.le);
    out.set(le, (out.get(le) ?? 0) + Number(m[2]));
  }
  return out;
}

function gauge(text: string, name: string): number {
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) * 1000 : Number.NaN;
}

function p95Bound(before: Buckets, after: Buckets): number {
  const les = [...after.keys()].sort((a, b) => a - b);
  const delta = les.map((le) => (after.get(le) ?? 0) - (before.get(le) ?? 0));
  const total = delta.at(-1) ?? 0;
  if (total <= 0) return Number.NaN;
  const i = delta.findIndex((n) => n >= total * 0.95);
  return les[i] * 1000;
}

/** Scrapes /api/metrics each minute and gives the minute's figures for `route`. */
export class ServerWatch {
  private last: Buckets = new Map();

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
    private readonly route: string,
  ) {}

  async minute(): Promise<ServerFigures> {
    const text = await fetch(`${this.url}/api/metrics`, { headers: this.headers, signal: AbortSignal.timeout(10_000) })
      .then((r) => (r.ok ? r.text() : ''))
      .catch(() => '');
    if (!text) return { handledP95Ms: Number.NaN, loopP99Ms: Number.NaN, loopMaxMs: Number.NaN };
    const now = routeBuckets(text, this.route);
    const handledP95Ms = p95Bound(this.last, now);
    this.last = now;
    return { handledP95Ms, loopP99Ms: gauge(text, 'nodejs_eventloop_lag_p99_seconds'), loopMaxMs: gauge(text, 'nodejs_eventloop_lag_max_seconds') };
  }
}

/** The whole machine's CPU use between two calls, in % of all cores (from /proc/stat). */
export class MachineCpu {
  private last = MachineCpu.read();

  private static read(): { busy: number; total: number } {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    // idle and iowait are the time nobody used.
    return { busy: total - fields[3] - (fields[4] ?? 0), total };
  }

  percent(): number {
    const now = MachineCpu.read();
    const pct = ((now.busy - this.last.busy) / Math.max(1, now.total - this.last.total)) * 100;
    this.last = now;
    return pct;
  }
}

export const loadAverage = (): number => os.loadavg()[0];
