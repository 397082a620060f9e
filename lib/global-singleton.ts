/**
 * Process-wide state that must exist once although Next.js bundles route handlers, server
 * actions and the start-up code apart (each bundle has its own copy of a module) and dev mode
 * reloads modules: the value lives on `globalThis`, made by `make` on first use.
 * One key belongs to one module (or to modules sharing the same shape); name it after its state.
 */
const STORE_KEY = Symbol.for('netbird-msp.singletons');

function store(): Map<string, unknown> {
  const found: unknown = Reflect.get(globalThis, STORE_KEY);
  if (found instanceof Map) return found;
  const made = new Map<string, unknown>();
  Reflect.set(globalThis, STORE_KEY, made);
  return made;
}

export function globalSingleton<T>(key: string, make: () => T): T {
  const values = store();
  if (!values.has(key)) values.set(key, make());
  // cast: the key's one owner stored this value through this function with its own `make`.
  return values.get(key) as T;
}
