import 'server-only';
import type { Engine } from './types';
import { dockerCall } from './client';

/**
 * Engine reachability for the health endpoint, never throwing. Goes through the one client,
 * so it honours DOCKER_HOST and the test seam; bounded to 2 s so a dead engine never stalls it.
 */
export async function pingDocker(engine: Engine, timeoutMs = 2000): Promise<{ reachable: boolean; version?: string; error?: string }> {
  try {
    const version = await dockerCall(engine, 'version', (d) => d.version(), timeoutMs);
    return { reachable: true, version: version.Version };
  } catch (err) {
    return { reachable: false, error: err instanceof Error ? err.message : 'unreachable' };
  }
}
