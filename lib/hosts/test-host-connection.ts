import 'server-only';
import { db } from '../db';
import { AppError, isAppError } from '../errors';
import { engineFor, localEngine } from '../docker/engine';
import { refreshHostFacts } from './refresh-host-facts';
import { ensureHostEngines, syncHostEngines } from './host-engines';
import { seenHostKey } from '../docker/remote-client';
import { LOCAL_HOST_ID, type HostFactsView } from './schemas';
import { stringField } from '../caught';

export interface HostTestResult {
  ok: boolean;
  /** What went wrong, for the operator (never key material). */
  error: string | null;
  facts: HostFactsView | null;
  duration_ms: number;
}

function describeFailure(err: unknown): string {
  if (isAppError(err)) return err.message;
  // ssh2 reports a refused key as level "client-authentication".
  if (stringField(err, 'level') === 'client-authentication') return 'The SSH server refused the key (authentication failed).';
  if (/verification failed|host denied/i.test(stringField(err, 'message') ?? '')) {
    return 'The SSH host key is not the one recorded at the first connection: refused. If the host was reinstalled, save the host again with its endpoint to accept the new key.';
  }
  return stringField(err, 'message') ?? 'The engine could not be reached.';
}

/**
 * "Test connection": reaches the host's engine and records its version, platform, capacity
 * and which configured images it has, or the reason it could not be reached.
 */
export async function testHostConnection(id: string): Promise<HostTestResult> {
  const host = await db().host.findUnique({ where: { id } });
  if (!host) throw new AppError('NOT_FOUND', 'Host not found.');
  await ensureHostEngines();
  const started = Date.now();
  try {
    const engine = id === LOCAL_HOST_ID ? localEngine() : engineFor(id);
    const facts = await refreshHostFacts(id, engine);
    // Normally pinned on first use already (lib/hosts/host-engines); this covers a store that failed.
    const pin = host.endpoint.startsWith('ssh://') && !host.sshHostKey ? seenHostKey(host.endpoint) : undefined;
    await db().host.update({ where: { id }, data: { lastError: null, ...(pin ? { sshHostKey: pin } : {}) } });
    if (pin) await syncHostEngines();
    return { ok: true, error: null, facts, duration_ms: Date.now() - started };
  } catch (err) {
    const error = describeFailure(err);
    await db().host.update({ where: { id }, data: { lastError: error } });
    return { ok: false, error, facts: null, duration_ms: Date.now() - started };
  }
}
