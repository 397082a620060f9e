import 'server-only';
import http from 'node:http';
import { AppError } from '../errors';
import type Docker from 'dockerode';
import { dockerClient, dockerHost } from './client';
import { remoteDockerClient, type EngineConnection } from './remote-client';
import type { Engine } from './types';
import { globalSingleton } from '../global-singleton';

export type { Engine, EngineConnection };

export const LOCAL_ENGINE_ID = 'local';

const LOCAL: Engine = {
  id: LOCAL_ENGINE_ID,
  docker: () => dockerClient(),
  describe: () => dockerHost(),
};

/** The appliance's own engine. */
export function localEngine(): Engine {
  return LOCAL;
}

/**
 * What an engine is resolved from: a deployment (or anything carrying the id of the host it
 * runs on), an engine id, or nothing (the local engine).
 */
export type EngineRef = object | string | null | undefined;

function engineIdOf(ref: object | null | undefined): string | undefined {
  const id = ref && 'hostId' in ref ? ref.hostId : ref && 'engineId' in ref ? ref.engineId : undefined;
  return typeof id === 'string' && id ? id : undefined;
}

interface Registered {
  engine: Engine;
  /**
   * What the client was made from: a changed connection makes a new client. Compared as JSON at
   * each registration (not frozen at creation), so an SSH host key pinned on first use in this
   * very connection (remote-client) does not count as a change and drop the live connection.
   */
  connection: EngineConnection;
}
const globalForEngines = globalSingleton<{ netbirdEngines?: Map<string, Registered> }>('netbirdEngines', () => ({}));
const remote: Map<string, Registered> = (globalForEngines.netbirdEngines ??= new Map());
const changeListeners = globalSingleton('netbirdEngineListeners', () => new Set<() => void>());

/** Called after the set of engines changed (one added, removed or replaced): event streams follow it. */
export function onEnginesChange(listener: () => void): () => void {
  changeListeners.add(listener);
  return () => changeListeners.delete(listener);
}

function remoteEngine(id: string, conn: EngineConnection): Engine {
  let client: Docker | undefined;
  return {
    id,
    docker: () => (client ??= remoteDockerClient(conn)),
    describe: () => conn.endpoint,
    reset: () => {
      // The SSH transport's agent holds the connection (TLS clients have none of their own).
      const modem: unknown = client?.modem;
      const agent: unknown = modem && typeof modem === 'object' ? Reflect.get(modem, 'agent') : undefined;
      if (agent instanceof http.Agent) agent.destroy();
      client = undefined;
    },
  };
}

/**
 * Makes the engines of other hosts known (lib/hosts calls this with every host it stores,
 * after each change). Engines not in the list are forgotten; unchanged ones keep their client.
 */
export function registerEngines(hosts: { id: string; connection: EngineConnection }[]): void {
  const keep = new Set<string>();
  let changed = false;
  for (const { id, connection } of hosts) {
    if (id === LOCAL_ENGINE_ID) continue;
    keep.add(id);
    const old = remote.get(id);
    if (old && JSON.stringify(old.connection) === JSON.stringify(connection)) continue;
    // The replaced client's SSH connection would otherwise stay open (with the old key) for good.
    old?.engine.reset?.();
    remote.set(id, { engine: remoteEngine(id, connection), connection });
    changed = true;
  }
  for (const [id, old] of [...remote]) {
    if (keep.has(id)) continue;
    old.engine.reset?.();
    remote.delete(id);
    changed = true;
  }
  if (changed) for (const listener of changeListeners) listener();
}

/** A client for a connection that is not stored yet (testing a host before saving it). */
export function probeEngine(conn: EngineConnection): Engine {
  return remoteEngine('probe', conn);
}

/** The engine a tenant's deployment runs on; an unknown id is refused rather than acting on the local engine. */
export function engineFor(ref?: EngineRef): Engine {
  const id = typeof ref === 'string' ? ref : (engineIdOf(ref) ?? LOCAL_ENGINE_ID);
  if (id === LOCAL_ENGINE_ID) return LOCAL;
  const known = remote.get(id);
  if (known) return known.engine;
  throw new AppError('DOCKER_UNAVAILABLE', `No Docker Engine "${id}" is known to this appliance`);
}

/** Every engine the appliance manages, for fleet-wide reads (status snapshot, monitoring, events). */
export function allEngines(): Engine[] {
  return [LOCAL, ...[...remote.values()].map((r) => r.engine)];
}
