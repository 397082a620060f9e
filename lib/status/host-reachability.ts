import 'server-only';
import { db } from '../db';
import { globalSingleton } from '../global-singleton';
import { dockerCall } from '../docker/client';
import { allEngines, engineFor, localEngine, LOCAL_ENGINE_ID, type Engine } from '../docker/engine';
import { ensureHostEngines } from '../hosts/host-engines';
import { hostEntryAddresses } from '../hosts/tenant-host';
import { FACTS_MAX_AGE_MS, factsStale, refreshHostFacts } from '../hosts/refresh-host-facts';
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
/** lastContactAt is written at most this often per host: probes answer every few seconds. */
export const CONTACT_WRITE_INTERVAL_MS = 60_000;

interface WatchState {
  down: Map<string, HostDown>;
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
  listeners: Set<() => void>;
  /** The background facts refresh in flight (one at a time), and when each host was last tried. */
  facts?: Promise<void>;
  factsTried?: Map<string, number>;
}
const state: WatchState = globalSingleton('hostReachability', (): WatchState => ({ down: hostsDown, listeners: new Set() }));

/** What a probe compares against: the host as stored (read once per round for all hosts). */
type Stored = { id: string; lastError: string | null; lastContactAt: Date | null; facts: string | null };

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

/**
 * An answering host whose stored record still says otherwise: an error kept from before a restart
 * (the in-memory down set is empty then) or left by a failed Test. It answers now, so the error
 * and its open notification go, and placement, moves and drains take it again.
 */
async function clearStaleError(engine: Engine, error: string): Promise<void> {
  log.info('docker host answers: clearing its stored error', { host: engine.id, error });
  await db().host.updateMany({ where: { id: engine.id }, data: { lastError: null, lastContactAt: new Date() } });
  await resolveEvent('host.unreachable', engine.id);
}

async function probe(engine: Engine, stored: Stored | undefined): Promise<boolean> {
  try {
    await dockerCall(engine, 'ping', (d) => d.ping(), PROBE_TIMEOUT_MS);
    if (state.down.has(engine.id)) {
      await markUp(engine);
      return true;
    }
    if (stored?.lastError) {
      await clearStaleError(engine, stored.lastError);
      return true;
    }
    if (stored && (!stored.lastContactAt || Date.now() - stored.lastContactAt.getTime() >= CONTACT_WRITE_INTERVAL_MS)) {
      await db().host.updateMany({ where: { id: engine.id }, data: { lastContactAt: new Date() } });
    }
  } catch (err) {
    // Still down at a second probe: the next probe (and call) connects afresh instead of waiting
    // out a dead connection's keepalive. Not at the first miss, which may be a slow answer while
    // other calls are in flight on the same connection.
    if (state.down.has(engine.id)) engine.reset?.();
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
  // Keeps the hosts' addresses fresh for callers that cannot wait for a query (lib/insight).
  await hostEntryAddresses();
  const engines = allEngines().filter((e) => e.id !== LOCAL_ENGINE_ID);
  const known = new Set(engines.map((e) => e.id));
  // A removed host is no longer anyone's concern.
  for (const id of [...state.down.keys()]) if (!known.has(id)) state.down.delete(id);
  if (engines.length === 0) return;
  const rows: Stored[] = await db().host.findMany({ select: { id: true, lastError: true, lastContactAt: true, facts: true } });
  const stored = new Map(rows.map((r) => [r.id, r]));
  const changed = (await Promise.all(engines.map((e) => probe(e, stored.get(e.id))))).some(Boolean);
  if (changed) for (const listener of state.listeners) listener();
  startFactsRefresh(rows.filter((r) => r.id === LOCAL_ENGINE_ID || known.has(r.id)));
}

function measuredAt(facts: string | null): string | undefined {
  if (!facts) return undefined;
  try {
    const value: unknown = JSON.parse(facts);
    const at = value && typeof value === 'object' ? Reflect.get(value, 'measured_at') : undefined;
    return typeof at === 'string' ? at : undefined;
  } catch (err) {
    if (err instanceof SyntaxError) return undefined;
    throw err;
  }
}

/**
 * Placement needs current free memory: facts older than FACTS_MAX_AGE_MS are measured again here,
 * in the background (never on a request), one host after another, and a host that failed is not
 * tried again before the same interval. The local engine is measured too, once other hosts exist.
 */
function startFactsRefresh(rows: Stored[]): void {
  if (state.facts) return;
  const tried = (state.factsTried ??= new Map());
  const now = Date.now();
  const due = rows.filter((r) => !state.down.has(r.id) && factsStale(measuredAt(r.facts), now) && now - (tried.get(r.id) ?? 0) >= FACTS_MAX_AGE_MS);
  if (due.length === 0) return;
  state.facts = (async () => {
    for (const row of due) {
      tried.set(row.id, Date.now());
      try {
        const engine = row.id === LOCAL_ENGINE_ID ? localEngine() : engineFor(row.id);
        await refreshHostFacts(row.id, engine);
      } catch (err) {
        log.warn('host facts refresh failed', { host: row.id, error: err instanceof Error ? err.message : String(err) });
      }
    }
  })().finally(() => {
    state.facts = undefined;
  });
}

/** Resolves when the background facts refresh in flight (if any) has finished. */
export function hostFactsSettled(): Promise<void> {
  return state.facts ?? Promise.resolve();
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
