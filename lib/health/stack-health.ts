import 'server-only';
import { setTimeout as sleep } from 'node:timers/promises';
import { inspectStackContainers, type ContainerState } from '../docker/inspect-containers';
import { getServiceLogs } from '../docker/logs';
import { env } from '../env';
import { AppError } from '../errors';
import { SERVICES, type Service, type TenantStackSpec } from '../netbird/stack-spec';
import type { Engine } from '../docker/engine';
import { urlHost } from '../http/url-host';
import { stringField, fieldOf } from '../caught';
import { isOneOf } from '../one-of';

export interface ServiceHealth {
  service: Service;
  healthy: boolean;
  /** Container state, or `missing`. */
  state: string;
  restartCount: number;
  startedAt?: Date;
  detail: string;
}

export interface StackHealth {
  healthy: boolean;
  services: ServiceHealth[];
  checkedAt: Date;
}

const PROBE_TIMEOUT_MS = 2_000;
const OIDC_PATH = '/oauth2/.well-known/openid-configuration';

/** The tenant's entry point as the appliance reaches it: Caddy's published port on its host's address (HOST_IP here). */
export function tenantBaseUrl(spec: Pick<TenantStackSpec, 'dashboardPort' | 'entryAddress'>): string {
  const host = urlHost(spec.entryAddress ?? env().HOST_IP);
  return `http://${host}:${spec.dashboardPort}`;
}

async function probe(url: string): Promise<{ status?: number; error?: string }> {
  try {
    const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    await res.body?.cancel();
    return { status: res.status };
  } catch (err) {
    const cause = stringField(fieldOf(err, 'cause'), 'code');
    return { error: cause ?? (err instanceof Error ? err.name : undefined) ?? 'request failed' };
  }
}

function describe(p: { status?: number; error?: string }): string {
  return p.status !== undefined ? `HTTP ${p.status}` : (p.error ?? 'no answer');
}

/**
 * Health of each container as NetBird's services allow it to be checked: management (or the
 * combined server) and dashboard by HTTP through Caddy (their images carry no curl), Caddy by answering at all,
 * signal and relay by their container state (relay's own /health needs public DNS).
 */
export async function checkStackHealth(engine: Engine, spec: TenantStackSpec): Promise<StackHealth> {
  const base = tenantBaseUrl(spec);
  const [states, api, root, oidc] = await Promise.all([
    inspectStackContainers(engine, spec.customerId),
    probe(`${base}/api/instance`),
    probe(`${base}/`),
    spec.layout === 'combined' ? probe(`${base}${OIDC_PATH}`) : Promise.resolve(undefined),
  ]);
  const byService = new Map<string, ContainerState>(states.map((s) => [s.service, s]));
  // Every container of a tenant spec is one of its services; the guard only tells the compiler.
  const specServices = spec.containers.flatMap((c) => (isOneOf(SERVICES, c.service) ? [c.service] : []));
  const services = specServices.map((service): ServiceHealth => {
    const st = byService.get(service);
    if (!st) return { service, healthy: false, state: 'missing', restartCount: 0, detail: 'container does not exist' };
    const base = { service, state: st.state, restartCount: st.restartCount, startedAt: st.startedAt };
    if (st.state !== 'running') {
      return { ...base, healthy: false, detail: `${st.state}${st.exitCode ? ` (exit code ${st.exitCode})` : ''}${st.oomKilled ? ', out of memory' : ''}` };
    }
    if (service === 'management') return { ...base, healthy: api.status === 200, detail: `GET /api/instance: ${describe(api)}` };
    // The combined server: the REST API and its identity provider (NetBird's own quick start waits for the latter).
    if (service === 'server') {
      const ok = api.status === 200 && oidc?.status === 200;
      return { ...base, healthy: ok, detail: `GET /api/instance: ${describe(api)}; GET ${OIDC_PATH}: ${oidc ? describe(oidc) : 'not checked'}` };
    }
    if (service === 'dashboard') return { ...base, healthy: root.status === 200, detail: `GET /: ${describe(root)}` };
    if (service === 'caddy') return { ...base, healthy: root.status !== undefined, detail: `port ${spec.dashboardPort}: ${describe(root)}` };
    return { ...base, healthy: true, detail: 'running' };
  });
  return { healthy: services.every((s) => s.healthy), services, checkedAt: new Date() };
}

/** A container restarting over and over will not become healthy by waiting. */
function crashLooping(h: StackHealth): ServiceHealth[] {
  return h.services.filter((s) => !s.healthy && s.restartCount >= 2);
}

async function failureReport(engine: Engine, customerId: string, h: StackHealth, services: ServiceHealth[]): Promise<string> {
  const parts = h.services.filter((s) => !s.healthy).map((s) => `${s.service}: ${s.detail}`);
  for (const s of services) {
    const lines = await getServiceLogs(engine, customerId, s.service, { tail: 5 }).catch(() => []);
    if (lines.length) parts.push(`last ${s.service} log: ${lines.map((l) => l.text).join(' | ')}`);
  }
  return parts.join('; ');
}

/** Polls start quick (a healthy stack is seen ~50 ms after it is) and back off, so a slow one does not load the engine. */
const FIRST_POLL_MS = 50;
const MAX_POLL_MS = 1_000;

/**
 * Polls until all containers are healthy. Fails early when a container is crash-looping,
 * and on timeout names each unhealthy service with its last log lines.
 */
export async function waitForHealthy(engine: Engine, spec: TenantStackSpec, timeoutMs: number, onProgress?: (h: StackHealth) => void): Promise<StackHealth> {
  const deadline = Date.now() + timeoutMs;
  let intervalMs = FIRST_POLL_MS;
  for (;;) {
    const h = await checkStackHealth(engine, spec);
    onProgress?.(h);
    if (h.healthy) return h;
    const looping = crashLooping(h);
    if (looping.length) {
      throw new AppError('STACK_UNHEALTHY', `Container(s) keep crashing: ${await failureReport(engine, spec.customerId, h, looping)}`);
    }
    if (Date.now() >= deadline) {
      const unhealthy = h.services.filter((s) => !s.healthy);
      throw new AppError('TIMEOUT', `Not healthy after ${Math.round(timeoutMs / 1000)} s: ${await failureReport(engine, spec.customerId, h, unhealthy)}`);
    }
    await sleep(Math.min(intervalMs, Math.max(0, deadline - Date.now())));
    intervalMs = Math.min(MAX_POLL_MS, Math.round(intervalMs * 1.5));
  }
}
