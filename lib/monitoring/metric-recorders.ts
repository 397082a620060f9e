import 'server-only';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { globalSingleton } from '../global-singleton';

/**
 * The appliance's Prometheus registry and the figures observed as things happen (jobs, HTTP
 * requests). On globalThis: route handlers, the job runner and the start-up code are bundled
 * apart but share one process, and prom-client refuses a second metric of the same name.
 */
interface Recorders {
  registry: Registry;
  jobDuration: Histogram<'kind' | 'result'>;
  jobFailures: Counter<'kind'>;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
}

const g = globalSingleton<{ metricRecorders?: Recorders }>('metricRecorders', () => ({}));

export function recorders(): Recorders {
  if (g.metricRecorders) return g.metricRecorders;
  const registry = new Registry();
  // The process itself (CPU, resident memory, heap, GC, event-loop lag): whether the appliance keeps up is read here first.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  g.metricRecorders = {
    registry,
    jobDuration: new Histogram({
      name: 'netbird_msp_job_duration_seconds',
      help: 'Duration of finished jobs by kind and result',
      labelNames: ['kind', 'result'],
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800],
      registers: [registry],
    }),
    jobFailures: new Counter({ name: 'netbird_msp_job_failures_total', help: 'Failed jobs by kind', labelNames: ['kind'], registers: [registry] }),
    httpDuration: new Histogram({
      name: 'netbird_msp_http_request_duration_seconds',
      help: 'API request durations by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
  return g.metricRecorders;
}

export function observeJob(kind: string, ok: boolean, seconds: number): void {
  const r = recorders();
  r.jobDuration.observe({ kind, result: ok ? 'succeeded' : 'failed' }, seconds);
  if (!ok) r.jobFailures.inc({ kind });
}

/** Ids in a path become `:id`, so a label names a route, never a customer (bounded cardinality). */
export function routePattern(pathname: string): string {
  return pathname
    .split('/')
    .map((seg) => (/^\d+$/.test(seg) || /^[a-z0-9]{20,}$/i.test(seg) || /^[0-9a-f-]{32,}$/i.test(seg) ? ':id' : seg))
    .join('/');
}

export function observeHttp(method: string, pathname: string, status: number, seconds: number): void {
  recorders().httpDuration.observe({ method, route: routePattern(pathname), status: String(status) }, seconds);
}
