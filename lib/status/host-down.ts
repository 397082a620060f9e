import { globalSingleton } from '../global-singleton';

/**
 * Which remote Docker hosts did not answer their last probe (lib/status/host-reachability keeps
 * it), in a module without dependencies so every reader (snapshot, resource figures) can ask.
 */
export interface HostDown {
  since: number;
  error: string;
}

export const hostsDown: Map<string, HostDown> = globalSingleton('hostsDown', () => new Map<string, HostDown>());

export function isHostDown(engineId: string): boolean {
  return hostsDown.has(engineId);
}
