import { register } from 'node:module';

/**
 * lib/ modules that touch the database, secrets or Docker import `server-only`, which throws
 * outside the React server bundle. A measurement that calls lib/ in its own process (under
 * tsx) is server code too: this resolves `server-only` to an empty module for this process.
 * Call before the first dynamic import of lib/ code.
 */
const HOOK = `export async function resolve(specifier, context, next) {
  if (specifier === 'server-only') return { url: 'data:text/javascript,', shortCircuit: true };
  return next(specifier, context);
}`;

let registered = false;
export function allowServerModules(): void {
  if (registered) return;
  registered = true;
  register(`data:text/javascript,${encodeURIComponent(HOOK)}`);
}
