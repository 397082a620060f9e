import 'server-only';
import { db } from '../db';
import { env } from '../env';
import { urlHost } from '../http/url-host';
import { forwardAddressOf, hostIdOf } from '../hosts/tenant-host';
import { LOCAL_HOST_ID } from '../hosts/schemas';
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

/** What fails on the tenant whose Caddy answers at `base`, or null when it answers. */
async function probeTenant(base: string, layout: string): Promise<string | null> {
  const api = layout === 'combined' ? 'server' : 'management';
  const [apiFailure, dashboardFailure] = await Promise.all([probe(`${base}/api/instance`), probe(`${base}/`)]);
  const problems = [apiFailure && `${api}: GET /api/instance ${apiFailure}`, dashboardFailure && `dashboard: GET / ${dashboardFailure}`].filter(Boolean);
  return problems.length ? `unhealthy: ${problems.join('; ')}` : null;
}

/**
 * Where the appliance reaches each host's published ports: HOST_IP for the local host, the
 * forward (else public) address of another. A host without either is left out.
 */
async function hostAddresses(): Promise<Map<string, string>> {
  const rows = await db().host.findMany({ select: { id: true, forwardAddress: true, publicAddress: true } });
  const addresses = new Map<string, string>([[LOCAL_HOST_ID, env().HOST_IP]]);
  for (const r of rows) {
    const address = forwardAddressOf(r);
    if (r.id !== LOCAL_HOST_ID && address) addresses.set(r.id, address);
  }
  return addresses;
}

/**
 * One round over the tenants that are meant to run and whose containers all run. Two queries
 * for the whole round, not a stack spec per tenant: the probes need only each tenant's port and
 * its host's address, and this runs every HEALTH_CHECK_MS for the whole fleet.
 */
export async function checkTenantHealth(): Promise<void> {
  const [tenants, addresses] = await Promise.all([
    db().customer.findMany({
      where: { status: 'active', desiredState: 'running', failedJobId: null, deployment: { isNot: null } },
      select: { id: true, layout: true, hostId: true, deployment: { select: { hostId: true, dashboardPort: true } } },
    }),
    hostAddresses(),
  ]);
  const failing = new Map<string, string>();
  const queue = [...tenants];
  const worker = async () => {
    for (let t = queue.shift(); t !== undefined; t = queue.shift()) {
      const address = addresses.get(hostIdOf(t));
      // A tenant whose host cannot be reached by address is not probed: that says nothing about its users.
      if (!address || !t.deployment) continue;
      const problem = await probeTenant(`http://${urlHost(address)}:${t.deployment.dashboardPort}`, t.layout);
      if (problem) failing.set(t.id, problem);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker));
  const state = tenantHealth();
  state.failing = failing;
  state.checked = true;
}
