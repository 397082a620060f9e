import { databaseVersion } from './db-version';
import { globalSingleton } from './global-singleton';

/**
 * Hot reads (the customer list every open dashboard polls, the user behind every request)
 * cost the same few milliseconds of query planning each time. This keeps one result per key
 * while the database has not changed and the in-memory inputs (`deps`, compared by identity:
 * the container snapshot, the settings object) are the same ones. The stamp is taken before
 * the read, so a write that lands during it makes the entry stale at once. Concurrent callers
 * of one key share one read.
 */
interface Entry {
  version: number;
  deps: readonly unknown[];
  value: Promise<unknown>;
}

const MAX_ENTRIES = 500;
const g = globalSingleton<{ readCache?: Map<string, Entry> }>('readCache', () => ({}));

function entries(): Map<string, Entry> {
  g.readCache ??= new Map();
  return g.readCache;
}

function sameDeps(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Shared results must not change under another caller; frozen, they also serialise once (lib/api/route.ts). */
function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}

export function cachedRead<T>(key: string, deps: readonly unknown[], read: () => Promise<T>): Promise<T> {
  const map = entries();
  const version = databaseVersion();
  const hit = map.get(key);
  // cast: a key belongs to one caller, which always reads the same T through it.
  if (hit && hit.version === version && sameDeps(hit.deps, deps)) return hit.value as Promise<T>;
  const value = read().then(deepFreeze);
  const entry: Entry = { version, deps, value };
  map.delete(key);
  map.set(key, entry);
  // A failed read is never served again.
  value.catch(() => map.get(key) === entry && map.delete(key));
  const oldest = map.keys().next();
  if (map.size > MAX_ENTRIES && !oldest.done) map.delete(oldest.value);
  return value;
}
