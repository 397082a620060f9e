import 'server-only';
import { db } from '../db';
import { decryptSecret } from '../crypto';
import { registerEngines, type EngineConnection } from '../docker/engine';
import { onFirstHostKey } from '../docker/remote-client';
import { recordAudit } from '../audit/record';
import { SYSTEM_ACTOR } from '../auth/actor';
import type { Host } from '../generated/prisma/client';
import { LOCAL_HOST_ID } from './schemas';
import { globalSingleton } from '../global-singleton';
import { log } from '../log';

/** The decrypted connection of a stored host; undefined for the local host or incomplete material. */
export function connectionOf(row: Pick<Host, 'endpoint' | 'sshKey' | 'tlsCa' | 'tlsCert' | 'tlsKey' | 'sshHostKey'>): EngineConnection | undefined {
  if (row.endpoint.startsWith('ssh://') && row.sshKey) return { kind: 'ssh', endpoint: row.endpoint, privateKey: decryptSecret(row.sshKey), hostKey: row.sshHostKey };
  if (row.endpoint.startsWith('tcp://') && row.tlsCa && row.tlsCert && row.tlsKey) {
    return { kind: 'tls', endpoint: row.endpoint, ca: decryptSecret(row.tlsCa), cert: decryptSecret(row.tlsCert), key: decryptSecret(row.tlsKey) };
  }
  return undefined;
}

/** What Settings → Hosts shows for a host whose stored key material this appliance cannot read. */
export const UNDECRYPTABLE = 'its credentials cannot be decrypted: was SECRET_KEY changed? Save the host again with its key material.';

const globalForHosts = globalSingleton<{ netbirdHostEngines?: { loaded?: Promise<void>; pinning?: () => void } }>('netbirdHostEngines', () => ({}));
const state = (globalForHosts.netbirdHostEngines ??= {});

/** Stores (and audits) the SSH host key a host presented at its first connection. */
async function pinFirstHostKey(endpoint: string, fingerprint: string): Promise<void> {
  const hosts = await db().host.findMany({ where: { endpoint, sshHostKey: null }, select: { id: true, name: true } });
  for (const host of hosts) {
    // Guarded: a key the admin pinned meanwhile is never overwritten.
    const { count } = await db().host.updateMany({ where: { id: host.id, sshHostKey: null }, data: { sshHostKey: fingerprint } });
    if (count === 0) continue;
    log.info('ssh host key pinned on first use', { host: host.id, fingerprint });
    await recordAudit(SYSTEM_ACTOR, { action: 'host.key_pinned', target: `host:${host.name}`, details: { fingerprint } });
  }
}

/** A host whose credentials fail to decrypt is skipped (and shown unreachable with the reason), never the whole list. */
function readable(row: Host): EngineConnection | undefined | null {
  try {
    return connectionOf(row);
  } catch (err) {
    log.error('host credentials cannot be decrypted', { host: row.id, error: err instanceof Error ? err.message : String(err) });
    return null;
  }
}

/** Registers every stored host's engine with lib/docker (after each change, and once at start). */
export async function syncHostEngines(): Promise<void> {
  state.pinning ??= onFirstHostKey((endpoint, fingerprint) => {
    pinFirstHostKey(endpoint, fingerprint).catch((err: unknown) => log.error('pinning the ssh host key failed', { endpoint, error: err instanceof Error ? err.message : String(err) }));
  });
  const rows = await db().host.findMany({ where: { id: { not: LOCAL_HOST_ID } } });
  const hosts: { id: string; connection: EngineConnection }[] = [];
  const unreadable: string[] = [];
  for (const row of rows) {
    const connection = readable(row);
    if (connection) hosts.push({ id: row.id, connection });
    else if (connection === null) unreadable.push(row.id);
  }
  registerEngines(hosts);
  if (unreadable.length) await db().host.updateMany({ where: { id: { in: unreadable } }, data: { lastError: UNDECRYPTABLE } });
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
