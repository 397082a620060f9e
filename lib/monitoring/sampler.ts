import 'server-only';
import path from 'node:path';
import { getAllTenantFigures, pruneReadings } from '../docker/stats';
import { env } from '../env';
import { log } from '../log';
import { effectiveDataDir, getSettings } from '../settings/store';
import { aggregateByCustomer, type TenantUsage } from './aggregate';
import { readDockerTotals, type DockerTotals } from './docker-totals';
import { readHostFigures, type HostFigures } from './host-figures';
import type { CpuTimes } from './proc-parse';
import { RingBuffer } from './ring-buffer';
import { allEngines, localEngine, LOCAL_ENGINE_ID } from '../docker/engine';
import { isHostDown } from '../status/host-down';
import { globalSingleton } from '../global-singleton';

export const HOST_INTERVAL_MS = 15_000;
export const TENANT_INTERVAL_MS = 60_000;
export const HISTORY_MS = 60 * 60_000;
/** One-shot stats answer in milliseconds; this many at once keeps the engine free for deploys. */
export const STATS_CONCURRENCY = 16;
/** A stale-table nudge never starts tenant samples closer together than this. */
const MIN_NUDGE_GAP_MS = 10_000;

export interface HostPoint {
  at: number;
  cpuPercent: number;
  memoryUsedBytes: number;
  memoryTotalBytes: number;
  load1: number;
}

export interface TenantSample {
  at: number;
  usage: Record<string, TenantUsage>;
}

interface SamplerState {
  host?: { at: number; figures: HostFigures; cpuTimes: CpuTimes };
  hostError?: string;
  docker?: { at: number; totals: DockerTotals };
  dockerError?: string;
  tenantError?: string;
  hostHistory: RingBuffer<HostPoint>;
  tenantHistory: RingBuffer<TenantSample>;
  hostRun?: Promise<void>;
  tenantRun?: Promise<void>;
  tenantStartedAt?: number;
  timers: NodeJS.Timeout[];
}

// On globalThis: route handlers and the start-up code are bundled apart but share the process.
const g = globalSingleton<{ monitoringSampler?: SamplerState }>('monitoringSampler', () => ({}));
function state(): SamplerState {
  g.monitoringSampler ??= {
    hostHistory: new RingBuffer(Math.ceil(HISTORY_MS / HOST_INTERVAL_MS) + 1),
    tenantHistory: new RingBuffer(Math.ceil(HISTORY_MS / TENANT_INTERVAL_MS) + 1),
    timers: [],
  };
  return g.monitoringSampler;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function takeHostSample(s: SamplerState): Promise<void> {
  try {
    const dataDir = effectiveDataDir(await getSettings());
    const reading = await readHostFigures(s.host?.cpuTimes, { data: dataDir, database: path.dirname(env().DATABASE_PATH) });
    const at = Date.now();
    s.host = { at, figures: reading.figures, cpuTimes: reading.cpuTimes };
    s.hostError = undefined;
    const m = reading.figures.memory;
    s.hostHistory.push({ at, cpuPercent: reading.figures.cpuPercent, memoryUsedBytes: m.usedBytes, memoryTotalBytes: m.totalBytes, load1: reading.figures.load[0] });
  } catch (err) {
    s.hostError = message(err);
    log.warn('host sample failed', { error: s.hostError });
  }
  try {
    s.docker = { at: Date.now(), totals: await readDockerTotals(localEngine()) };
    s.dockerError = undefined;
  } catch (err) {
    // Keep the last totals on screen, but say the engine did not answer.
    s.dockerError = message(err);
  }
}

async function takeTenantSample(s: SamplerState): Promise<void> {
  try {
    // Every host at once; a host that is down is skipped and one that fails loses only its own figures.
    const engines = allEngines().filter((e) => !isHostDown(e.id));
    const perEngine = await Promise.all(
      engines.map((e) =>
        getAllTenantFigures(e, STATS_CONCURRENCY, false).catch((err: unknown) => {
          if (e.id === LOCAL_ENGINE_ID) throw err;
          log.warn('tenant resource sample of a host failed', { host: e.id, error: message(err) });
          return [];
        }),
      ),
    );
    const figures = perEngine.flat();
    pruneReadings(new Set(figures.map((f) => f.containerId)));
    s.tenantHistory.push({ at: Date.now(), usage: aggregateByCustomer(figures, s.host?.figures.memory.totalBytes) });
    s.tenantError = undefined;
  } catch (err) {
    s.tenantError = message(err);
    log.warn('tenant resource sample failed', { error: s.tenantError });
  }
}

/** Samples the host now; a sample already running is shared instead of doubled. */
export function sampleHostNow(): Promise<void> {
  const s = state();
  s.hostRun ??= takeHostSample(s).finally(() => (s.hostRun = undefined));
  return s.hostRun;
}

/** Samples every tenant's containers now (seconds on a big host); overlapping calls share one run. */
export function sampleTenantsNow(): Promise<void> {
  const s = state();
  if (!s.tenantRun) {
    s.tenantStartedAt = Date.now();
    s.tenantRun = takeTenantSample(s).finally(() => (s.tenantRun = undefined));
  }
  return s.tenantRun;
}

/**
 * Asks for an early tenant sample without waiting for it, e.g. when a running customer is
 * missing from the last one. Throttled, so a busy page cannot turn it into a stats storm.
 */
export function requestTenantSample(): void {
  const s = state();
  if (s.tenantRun || (s.tenantStartedAt && Date.now() - s.tenantStartedAt < MIN_NUDGE_GAP_MS)) return;
  void sampleTenantsNow();
}

/** Starts the background sampling once per process; the first samples are taken at once. */
export function startMonitoringSampler(): void {
  const s = state();
  if (s.timers.length) return;
  void sampleHostNow().then(() => sampleTenantsNow());
  const host = setInterval(() => void sampleHostNow(), HOST_INTERVAL_MS);
  const tenants = setInterval(() => void sampleTenantsNow(), TENANT_INTERVAL_MS);
  // Sampling alone must never keep the process alive.
  host.unref();
  tenants.unref();
  s.timers.push(host, tenants);
}

export function stopMonitoringSampler(): void {
  const s = state();
  for (const t of s.timers) clearInterval(t);
  s.timers = [];
}

/** The last figures as they are; readers never trigger a sample themselves. */
export function readSamples() {
  const s = state();
  return {
    host: s.host,
    hostError: s.hostError,
    docker: s.docker,
    dockerError: s.dockerError,
    tenant: s.tenantHistory.latest(),
    tenantError: s.tenantError,
    tenantSampling: Boolean(s.tenantRun),
    hostHistory: s.hostHistory.toArray(),
    tenantHistory: s.tenantHistory.toArray(),
  };
}
