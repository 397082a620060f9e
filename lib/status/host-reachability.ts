import 'server-only';
import { db } from '../db';
import { dockerCall } from '../docker/client';
import { allEngines, LOCAL_ENGINE_ID, type Engine } from '../docker/engine';
import { ensureHostEngines } from '../hosts/host-engines';
import { log } from '../log';
import { raiseEvent, resolveEvent } from '../notifications/raise-event';
import { hostsDown, isHostDown, type HostDown } from './host-down';

/**
 * Which remote Docker hosts answer, watched in the background: every few seconds each engine
 * gets one ping with a short deadline, all at once, so a dead host is known within seconds and
 * no request ever waits for it. Readers (the snapshot, the reconciler, resource figures) skip a
 * host marked down and show its tenants as `unreachable`. The local engine is not watched here:
 * without it the appliance has no picture at all (the snapshot's own error says so).
 */
export const PROBE_INTERVAL_MS = 2_500;
export const PROBE_TIMEOUT_MS = 4_000;

interface WatchState {
  down: Map<string, HostDown>;
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
  listeners: Set<() => void>;
}
const g = globalThis as unknown as { hostReachability?: WatchState };
const state: WatchState = (g.hostReachability ??= { down: hostsDown, listeners: new Set() });

export { isHostDown };

/** Called after every change of a host's reachability (the reconciler syncs at once). */
export function onReachabilityChange(listener: () => void): () => void {
  state.listeners.add(listener);
  return () => state.listeners.delete(listener);
}

async function hostName(id: string): Promise<string> {
  return (await db().host.findUnique({ where: { id }, select: { name: true } }))?.name ?? id;
}

async function markDown(engine: Engine, error: string): Promise<void> {
  state.down.set(engine.id, { since: Date.now(), error });
  log.warn('docker host unreachable', { host: engine.id, error });
  // Recorded on the host, so Settings → Hosts and placement see it (unreachable is derived from lastError).
  await db().host.updateMany({ where: { id: engine.id }, data: { lastError: error } });
  await raiseEvent({ kind: 'host.unreachable', key: engine.id, params: { subject: await hostName(engine.id), detail: error } });
}

async function markUp(engine: Engine): Promise<void> {
  state.down.delete(engine.id);
  log.info('docker host reachable again', { host: engine.id });
  await db().host.updateMany({ where: { id: engine.id }, data: { lastError: null, lastContactAt: new Date() } });
  await resolveEvent('host.unreachable', engine.id);
}

async function probe(engine: Engine): Promise<boolean> {
  try {
    await dockerCall(engine, 'ping', (d) => d.ping(), PROBE_TIMEOUT_MS);
    if (state.down.has(engine.id)) {
      await markUp(engine);
      return true;
    }
  } catch (err) {
    // The next probe (and call) connects afresh instead of waiting out a dead connection's keepalive.
    engine.reset?.();
    if (!state.down.has(engine.id)) {
      await markDown(engine, err instanceof Error ? err.message : String(err));
      return true;
    }
  }
  return false;
}

/** One round: every remote engine at once. Resolves when all have answered or timed out. */
export async function probeHosts(): Promise<void> {
  await ensureHostEngines();
  const engines = allEngines().filter((e) => e.id !== LOCAL_ENGINE_ID);
  const known = new Set(engines.map((e) => e.id));
  // A removed host is no longer anyone's concern.
  for (const id of [...state.down.keys()]) if (!known.has(id)) state.down.delete(id);
  const changed = (await Promise.all(engines.map(probe))).some(Boolean);
  if (changed) for (const listener of state.listeners) listener();
}

export function startHostWatch(): void {
  if (state.timer) return;
  const tick = () => {
    if (state.running) return;
    state.running = probeHosts()
      .catch((err: unknown) => log.warn('host probe failed', { error: err instanceof Error ? err.message : String(err) }))
      .finally(() => {
        state.running = undefined;
      });
  };
  state.timer = setInterval(tick, PROBE_INTERVAL_MS);
  state.timer.unref();
  tick();
}

export function stopHostWatch(): void {
  clearInterval(state.timer);
  state.timer = undefined;
}
