import 'server-only';
import { db } from '../db';
import { log } from '../log';
import { tenantBaseUrl } from '../health/stack-health';
import { loadStackSpec } from '../netbird/load-stack-spec';
import { globalSingleton } from '../global-singleton';

/**
 * Whether each running tenant answers, for the tenant watch: a stack whose containers all run
 * can still be down for its users (management failing its API, the dashboard not served). The
 * probes are the health check's HTTP ones through the tenant's Caddy — management's (or the
 * combined server's) REST API and the dashboard — without a Docker call: container states come
 * from the reconciler. A tenant is failing while a probe does not answer 200.
 */
export const HEALTH_CHECK_MS = 15_000;
const PROBE_TIMEOUT_MS = 5_000;
const PARALLEL = 4;

interface HealthState {
  /** Customer id → what failed, for the tenants whose last round failed. */
  failing: Map<string, string>;
  /** Whether a round has finished since the process started: before it, health is unknown. */
  checked: boolean;
}

const g = globalSingleton<{ tenantHealth?: HealthState }>('tenantHealth', () => ({}));

export function tenantHealth(): HealthState {
  g.tenantHealth ??= { failing: new Map(), checked: false };
  return g.tenantHealth;
}

/** Forgets every result (as a restart would); for tests. */
export function forgetTenantHealth(): void {
  g.tenantHealth = undefined;
}

async function probe(url: string): Promise<string | null> {
  try {
    const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    await res.body?.cancel();
    return res.status === 200 ? null : `HTTP ${res.status}`;
  } catch (err) {
    return err instanceof Error && err.name === 'TimeoutError' ? `no answer within ${PROBE_TIMEOUT_MS / 1000} s` : 'no answer';
  }
}

/** What fails on one tenant, or null when it answers. */
export async function probeTenant(customerId: string): Promise<string | null> {
  const spec = await loadStackSpec(customerId);
  const base = tenantBaseUrl(spec);
  const api = spec.layout === 'combined' ? 'server' : 'management';
  const [apiFailure, dashboardFailure] = await Promise.all([probe(`${base}/api/instance`), probe(`${base}/`)]);
  const problems = [apiFailure && `${api}: GET /api/instance ${apiFailure}`, dashboardFailure && `dashboard: GET / ${dashboardFailure}`].filter(Boolean);
  return problems.length ? `unhealthy: ${problems.join('; ')}` : null;
}

/** One round over the tenants that are meant to run and whose containers all run. */
export async function checkTenantHealth(): Promise<void> {
  const tenants = await db().customer.findMany({
    where: { status: 'active', desiredState: 'running', failedJobId: null, deployment: { isNot: null } },
    select: { id: true },
  });
  const failing = new Map<string, string>();
  const queue = tenants.map((t) => t.id);
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      // A tenant whose spec cannot be loaded is not probed: that says nothing about its users.
      const problem = await probeTenant(id).catch((err: unknown) => {
        log.warn('tenant health not checked', { customerId: id, error: err instanceof Error ? err.message : String(err) });
        return null;
      });
      if (problem) failing.set(id, problem);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker));
  const state = tenantHealth();
  state.failing = failing;
  state.checked = true;
}
