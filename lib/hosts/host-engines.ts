import 'server-only';
import { db } from '../db';
import { decryptSecret } from '../crypto';
import { registerEngines, type EngineConnection } from '../docker/engine';
import type { Host } from '../generated/prisma/client';
import { LOCAL_HOST_ID } from './schemas';
import { globalSingleton } from '../global-singleton';

/** The decrypted connection of a stored host; undefined for the local host or incomplete material. */
export function connectionOf(row: Pick<Host, 'endpoint' | 'sshKey' | 'tlsCa' | 'tlsCert' | 'tlsKey' | 'sshHostKey'>): EngineConnection | undefined {
  if (row.endpoint.startsWith('ssh://') && row.sshKey) return { kind: 'ssh', endpoint: row.endpoint, privateKey: decryptSecret(row.sshKey), hostKey: row.sshHostKey };
  if (row.endpoint.startsWith('tcp://') && row.tlsCa && row.tlsCert && row.tlsKey) {
    return { kind: 'tls', endpoint: row.endpoint, ca: decryptSecret(row.tlsCa), cert: decryptSecret(row.tlsCert), key: decryptSecret(row.tlsKey) };
  }
  return undefined;
}

const globalForHosts = globalSingleton<{ netbirdHostEngines?: { loaded?: Promise<void> } }>('netbirdHostEngines', () => ({}));
const state = (globalForHosts.netbirdHostEngines ??= {});

/** Registers every stored host's engine with lib/docker (after each change, and once at start). */
export async function syncHostEngines(): Promise<void> {
  const rows = await db().host.findMany({ where: { id: { not: LOCAL_HOST_ID } } });
  const hosts = rows.flatMap((row) => {
    const connection = connectionOf(row);
    return connection ? [{ id: row.id, connection }] : [];
  });
  registerEngines(hosts);
  state.loaded = Promise.resolve();
}

/** Loads the hosts' engines once per process; every path that resolves a tenant's engine awaits it. */
export function ensureHostEngines(): Promise<void> {
  if (!state.loaded) {
    state.loaded = syncHostEngines().catch((err: unknown) => {
      state.loaded = undefined;
      throw err;
    });
  }
  return state.loaded;
}
