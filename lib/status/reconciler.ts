import 'server-only';
import { db } from '../db';
import { subscribeTenantEvents } from '../docker/events';
import { followEngines, type EngineStream } from './event-streams';
import { log } from '../log';
import { deriveStatus, unreachableStatus } from './derive-status';
import { onReachabilityChange, startHostWatch, stopHostWatch } from './host-reachability';
import { isLayout } from '../netbird/layout';
import { refreshSnapshot } from './snapshot';
import { tenantContainers } from './tenant-containers';
import { allEngines, onEnginesChange } from '../docker/engine';
import { globalSingleton } from '../global-singleton';

export const FULL_SYNC_INTERVAL_MS = 30_000;
const EVENT_DEBOUNCE_MS = 150;
const FOLLOW_UP_SYNCS_MS = [1_000, 3_000];

/**
 * Keeps every customer's status true to Docker: one list call per sync (never
 * one per customer), triggered by Docker events for our labels and every 30 s.
 * Returns how many customers changed.
 */
export async function syncStatuses(): Promise<{ changed: number; durationMs: number; customers: number }> {
  const started = Date.now();
  const snapshot = await refreshSnapshot();
  // Without Docker there is nothing true to say about containers; keep the last known status.
  if (snapshot.error) return { changed: 0, durationMs: Date.now() - started, customers: 0 };
  const [customers, busyJobs] = await Promise.all([
    db().customer.findMany({
      select: { id: true, status: true, statusReason: true, desiredState: true, failedJobId: true, layout: true, deployment: { select: { id: true, hostId: true } } },
    }),
    db().job.findMany({ where: { state: { in: ['queued', 'running'] } }, select: { customerId: true } }),
  ]);
  const busy = new Set(busyJobs.map((j) => j.customerId));
  const updates = [];
  for (const c of customers) {
    const input = { status: c.status, desiredState: c.desiredState, failedJobId: c.failedJobId, hasDeployment: Boolean(c.deployment), busy: busy.has(c.id), layout: isLayout(c.layout) ? c.layout : undefined };
    // A tenant whose host does not answer is unreachable, not failed: its containers may run fine.
    const hostError = c.deployment ? snapshot.unreachable.get(c.deployment.hostId) : undefined;
    const next = hostError !== undefined ? unreachableStatus(input, hostError) : deriveStatus(input, tenantContainers(snapshot, c.id, c.deployment?.hostId));
    if (!next || (next.status === c.status && next.reason === c.statusReason)) continue;
    // Started again by hand while marked stopped: the operator now wants it running.
    const desiredState = next.status === 'active' && c.status !== 'unreachable' ? 'running' : c.desiredState;
    // Guarded by the old status so a job that started meanwhile is never overwritten.
    updates.push(db().customer.updateMany({ where: { id: c.id, status: c.status, failedJobId: null }, data: { status: next.status, statusReason: next.reason, desiredState } }));
  }
  if (updates.length) await db().$transaction(updates);
  return { changed: updates.length, durationMs: Date.now() - started, customers: customers.length };
}

interface ReconcilerState {
  timer?: NodeJS.Timeout;
  debounce?: NodeJS.Timeout;
  /** One Docker event stream per engine, by engine id, with the engine object it follows (lib/status/event-streams). */
  events?: Map<string, EngineStream>;
  unwatch?: () => void;
  unwatchEngines?: () => void;
  running?: Promise<unknown>;
  again?: boolean;
}
const g = globalSingleton<{ reconciler?: ReconcilerState }>('reconciler', () => ({}));

function runSync(state: ReconcilerState): void {
  if (state.running) {
    state.again = true;
    return;
  }
  state.running = syncStatuses()
    .then((r) => r.changed && log.info('statuses reconciled', r))
    .catch((err: unknown) => log.warn('status sync failed', { error: err instanceof Error ? err.message : String(err) }))
    .finally(() => {
      state.running = undefined;
      if (state.again) {
        state.again = false;
        runSync(state);
      }
    });
}

export function startReconciler(): void {
  if (g.reconciler) return;
  const state: ReconcilerState = {};
  g.reconciler = state;
  const schedule = () => {
    clearTimeout(state.debounce);
    state.debounce = setTimeout(() => runSync(state), EVENT_DEBOUNCE_MS);
    // Docker announces `die` up to ~0.4 s before its container list shows it (measured by
    // bench/status-sync.ts): look again shortly after, so a crash never waits for the 30 s sync.
    for (const delay of FOLLOW_UP_SYNCS_MS) setTimeout(() => runSync(state), delay).unref();
  };
  state.events = new Map();
  const subscribe = () =>
    followEngines(state.events ?? new Map(), allEngines(), (engine) =>
      subscribeTenantEvents(engine, schedule, (err) => log.debug('docker event stream interrupted', { engine: engine.id, error: String(err) })),
    );
  subscribe();
  // A host added, removed or re-pointed (new endpoint or key) is followed at once, not at the next sync.
  state.unwatchEngines = onEnginesChange(subscribe);
  // A host going down or coming back changes its tenants' statuses at once, not at the next full sync.
  state.unwatch = onReachabilityChange(() => {
    subscribe();
    runSync(state);
  });
  startHostWatch();
  state.timer = setInterval(() => {
    subscribe();
    runSync(state);
  }, FULL_SYNC_INTERVAL_MS);
  state.timer.unref();
  runSync(state);
}

export function stopReconciler(): void {
  const state = g.reconciler;
  if (!state) return;
  clearInterval(state.timer);
  clearTimeout(state.debounce);
  for (const { sub } of state.events?.values() ?? []) sub.close();
  state.unwatch?.();
  state.unwatchEngines?.();
  stopHostWatch();
  g.reconciler = undefined;
}
