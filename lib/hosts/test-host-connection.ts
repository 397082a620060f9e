import 'server-only';
import { db } from '../db';
import { AppError, isAppError } from '../errors';
import { engineFor, localEngine } from '../docker/engine';
import { readEngineFacts, type EngineFacts } from '../docker/engine-facts';
import { getSettings } from '../settings/store';
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

function toView(f: EngineFacts): HostFactsView {
  return {
    engine_version: f.engineVersion,
    api_version: f.apiVersion,
    os: f.os,
    architecture: f.architecture,
    cpus: f.cpus,
    memory_total_bytes: f.memoryTotalBytes,
    memory_free_bytes: f.memoryFreeBytes,
    disk_free_bytes: f.diskFreeBytes,
    images: f.images,
    containers: f.containers,
  };
}

function describeFailure(err: unknown): string {
  if (isAppError(err)) return err.message;
  // ssh2 reports a refused key as level "client-authentication".
  if (stringField(err, 'level') === 'client-authentication') return 'The SSH server refused the key (authentication failed).';
  if (/verification failed|host denied/i.test(stringField(err, 'message') ?? '')) {
    return 'The SSH host key is not the one recorded at the first test: refused. If the host was reinstalled, save the host again with its endpoint to accept the new key.';
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
  const s = await getSettings();
  const images = [s.netbird_management_image, s.netbird_signal_image, s.netbird_relay_image, s.netbird_dashboard_image, s.caddy_image];
  const started = Date.now();
  try {
    const engine = id === LOCAL_HOST_ID ? localEngine() : engineFor(id);
    const facts = toView(await readEngineFacts(engine, images));
    // The first successful test over SSH pins the host key; later connections must present it.
    const pin = host.endpoint.startsWith('ssh://') && !host.sshHostKey ? seenHostKey(host.endpoint) : undefined;
    await db().host.update({ where: { id }, data: { facts: JSON.stringify(facts), lastContactAt: new Date(), lastError: null, ...(pin ? { sshHostKey: pin } : {}) } });
    if (pin) await syncHostEngines();
    return { ok: true, error: null, facts, duration_ms: Date.now() - started };
  } catch (err) {
    const error = describeFailure(err);
    await db().host.update({ where: { id }, data: { lastError: error } });
    return { ok: false, error, facts: null, duration_ms: Date.now() - started };
  }
}
