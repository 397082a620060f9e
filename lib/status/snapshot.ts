import 'server-only';
import { listAllTenantContainers, type TenantContainer } from '../docker/list-containers';
import { allEngines } from '../docker/engine';
import { globalSingleton } from '../global-singleton';

/**
 * The last known state of every tenant container, from ONE list call shared by
 * all readers. Request handlers read it; the reconciler refreshes it on Docker
 * events and every sync. A reader that finds it older than `maxAgeMs` triggers
 * one refresh that concurrent readers share (see `getSnapshot`).
 */
export interface Snapshot {
  byCustomer: Map<string, TenantContainer[]>;
  takenAt: number;
  error?: string;
}

const g = globalSingleton<{ containerSnapshot?: Snapshot; snapshotInFlight?: Promise<Snapshot> }>('containerSnapshot', () => ({}));

/** Tenant containers of every engine, by customer (a customer's stack lives on one engine). */
async function listEveryEngine(): Promise<Map<string, TenantContainer[]>> {
  const maps = await Promise.all(allEngines().map((engine) => listAllTenantContainers(engine)));
  return maps.length === 1 ? maps[0] : new Map(maps.flatMap((m) => [...m]));
}

export function refreshSnapshot(): Promise<Snapshot> {
  g.snapshotInFlight ??= listEveryEngine()
    .then((byCustomer) => (g.containerSnapshot = { byCustomer, takenAt: Date.now() }))
    .catch((err: unknown) => {
      const previous = g.containerSnapshot;
      g.containerSnapshot = { byCustomer: previous?.byCustomer ?? new Map(), takenAt: Date.now(), error: err instanceof Error ? err.message : String(err) };
      return g.containerSnapshot;
    })
    .finally(() => {
      g.snapshotInFlight = undefined;
    });
  return g.snapshotInFlight;
}

/** Older than this, a reader waits for the engine rather than show what may be long gone. */
const STALE_LIMIT_MS = 60_000;

/**
 * The snapshot for a reader. One older than `maxAgeMs` is refreshed in the background and
 * still served: with a thousand containers one list call takes ~0.3 s, and the request that
 * happened to find the picture old should not pay for it (the reconciler refreshes it on every
 * Docker event anyway). Only without any picture, or one older than a minute, does a reader wait.
 */
export async function getSnapshot(maxAgeMs = 5_000): Promise<Snapshot> {
  const current = g.containerSnapshot;
  const age = current ? Date.now() - current.takenAt : Infinity;
  if (current && age <= maxAgeMs) return current;
  const refresh = refreshSnapshot();
  return age > STALE_LIMIT_MS || !current ? refresh : current;
}

export interface ContainerSummary {
  total: number;
  running: number;
  services: { service: string; state: string; status: string }[];
}

export function summarise(containers: TenantContainer[] | undefined): ContainerSummary {
  const list = containers ?? [];
  return {
    total: list.length,
    running: list.filter((c) => c.state === 'running').length,
    services: list.map((c) => ({ service: c.service, state: c.state, status: c.status })).sort((a, b) => a.service.localeCompare(b.service)),
  };
}
