/**
 * Which remote Docker hosts did not answer their last probe (lib/status/host-reachability keeps
 * it), in a module without dependencies so every reader (snapshot, resource figures) can ask.
 */
export interface HostDown {
  since: number;
  error: string;
}

const g = globalThis as unknown as { hostsDown?: Map<string, HostDown> };
export const hostsDown: Map<string, HostDown> = (g.hostsDown ??= new Map());

export function isHostDown(engineId: string): boolean {
  return hostsDown.has(engineId);
}
