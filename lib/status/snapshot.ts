import 'server-only';
import { listAllTenantContainers, type TenantContainer } from '../docker/list-containers';
import { allEngines, LOCAL_ENGINE_ID } from '../docker/engine';
import { hostsDown } from './host-down';
import { globalSingleton } from '../global-singleton';

/**
 * The last known state of every tenant container, from ONE list call shared by
 * all readers. Request handlers read it; the reconciler refreshes it on Docker
 * events and every sync. A reader that finds it older than `maxAgeMs` triggers
 * one refresh that concurrent readers share (see `getSnapshot`).
 */
export interface Snapshot {
  byCustomer: Map<string, TenantContainer[]>;
  /** The same containers by engine id, then by customer (a customer moving between hosts has some on both). */
  byEngine: Map<string, Map<string, TenantContainer[]>>;
  takenAt: number;
  /** The local engine did not answer: the whole picture is the last one known. */
  error?: string;
  /** Remote engines that did not answer, with why: their part of the picture is the last one known. */
  unreachable: Map<string, string>;
}

const g = globalSingleton<{ containerSnapshot?: Snapshot; snapshotInFlight?: Promise<Snapshot>; snapshotAfterChange?: Promise<Snapshot> }>('containerSnapshot', () => ({}));

/** A remote engine gets this long per listing: a host that just died must not hold up everyone's picture. */
export const REMOTE_LIST_TIMEOUT_MS = 4_000;

function merge(byEngine: Map<string, Map<string, TenantContainer[]>>): Map<string, TenantContainer[]> {
  if (byEngine.size === 1) return [...byEngine.values()][0];
  const out = new Map<string, TenantContainer[]>();
  for (const m of byEngine.values()) for (const [customer, list] of m) out.set(customer, [...(out.get(customer) ?? []), ...list]);
  return out;
}

/**
 * Tenant containers of every engine, all engines at once. A remote engine known to be down is
 * not asked (its last picture is kept and it is named unreachable); one that fails now is named
 * too. Only the local engine's failure fails the whole picture, as before there were hosts.
 */
async function listEveryEngine(previous: Snapshot | undefined): Promise<Omit<Snapshot, 'takenAt'>> {
  const unreachable = new Map<string, string>();
  const entries = await Promise.all(
    allEngines().map(async (engine): Promise<[string, Map<string, TenantContainer[]>]> => {
      const last = previous?.byEngine.get(engine.id) ?? new Map<string, TenantContainer[]>();
      if (engine.id === LOCAL_ENGINE_ID) return [engine.id, await listAllTenantContainers(engine)];
      const down = hostsDown.get(engine.id);
      if (down) {
        unreachable.set(engine.id, down.error);
        return [engine.id, last];
      }
      try {
        return [engine.id, await listAllTenantContainers(engine, REMOTE_LIST_TIMEOUT_MS)];
      } catch (err) {
        unreachable.set(engine.id, err instanceof Error ? err.message : String(err));
        return [engine.id, last];
      }
    }),
  );
  const byEngine = new Map(entries);
  return { byEngine, byCustomer: merge(byEngine), unreachable };
}

export function refreshSnapshot(): Promise<Snapshot> {
  g.snapshotInFlight ??= listEveryEngine(g.containerSnapshot)
    .then((picture) => (g.containerSnapshot = { ...picture, takenAt: Date.now() }))
    .catch((err: unknown) => {
      const previous = g.containerSnapshot;
      g.containerSnapshot = {
        byCustomer: previous?.byCustomer ?? new Map(),
        byEngine: previous?.byEngine ?? new Map(),
        unreachable: previous?.unreachable ?? new Map(),
        takenAt: Date.now(),
        error: err instanceof Error ? err.message : String(err),
      };
      return g.containerSnapshot;
    })
    .finally(() => {
      g.snapshotInFlight = undefined;
    });
  return g.snapshotInFlight;
}

/**
 * A picture listed after this call, for a caller that has just changed containers (the end of a
 * job): a listing already under way may have begun before the change and would show containers
 * that have stopped since, so it is waited out and one more is taken, shared by every such
 * caller meanwhile.
 */
export function refreshSnapshotAfterChange(): Promise<Snapshot> {
  const running = g.snapshotInFlight;
  if (!running) return refreshSnapshot();
  g.snapshotAfterChange ??= running.then(() => {
    g.snapshotAfterChange = undefined;
    return refreshSnapshot();
  });
  return g.snapshotAfterChange;
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
