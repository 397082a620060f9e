import 'server-only';
import { db } from '../db';
import type { Engine } from '../docker/engine';
import { readEngineFacts, type EngineFacts } from '../docker/engine-facts';
import { getSettings } from '../settings/store';
import { globalSingleton } from '../global-singleton';
import type { HostFactsView } from './schemas';

/** How old a host's facts may grow before the background host watch measures them again. */
export const FACTS_MAX_AGE_MS = 10 * 60_000;

function toView(f: EngineFacts, measuredAt: Date): HostFactsView {
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
    measured_at: measuredAt.toISOString(),
  };
}

/** The images a host needs for a tenant: the ones "Test connection" reports as present or not. */
async function configuredImages(): Promise<string[]> {
  const s = await getSettings();
  return [s.netbird_management_image, s.netbird_signal_image, s.netbird_relay_image, s.netbird_dashboard_image, s.caddy_image];
}

/**
 * Measures one host's engine (version, capacity, free memory and disk, images) and stores it
 * with the time it was taken, which placement needs to count the tenants placed since.
 */
export function refreshHostFacts(hostId: string, engine: Engine): Promise<HostFactsView> {
  // A Test pressed while the host watch measures (or the reverse) shares the one measurement:
  // two at once double the calls on one SSH connection, past sshd's session limit (MaxSessions).
  const running = inFlight.get(hostId);
  if (running) return running;
  const measuring = measure(hostId, engine).finally(() => inFlight.delete(hostId));
  inFlight.set(hostId, measuring);
  return measuring;
}

const inFlight = globalSingleton('hostFactsInFlight', () => new Map<string, Promise<HostFactsView>>());

async function measure(hostId: string, engine: Engine): Promise<HostFactsView> {
  const facts = toView(await readEngineFacts(engine, await configuredImages()), new Date());
  await db().host.updateMany({ where: { id: hostId }, data: { facts: JSON.stringify(facts), lastContactAt: new Date() } });
  return facts;
}

/** Whether stored facts (their measured_at) are missing or older than FACTS_MAX_AGE_MS. */
export function factsStale(measuredAt: string | null | undefined, now = Date.now()): boolean {
  const at = measuredAt ? Date.parse(measuredAt) : NaN;
  return !Number.isFinite(at) || now - at >= FACTS_MAX_AGE_MS;
}
