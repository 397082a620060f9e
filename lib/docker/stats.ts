import 'server-only';
import type { Engine } from './types';
import { dockerCall, engineStatus } from './client';
import { readKernelStats, type KernelStats } from './cgroup-figures';
import { readHostKernelStats } from './host-cgroups';
import { LOCAL_ENGINE_ID } from './engine';
import { anyTenantFilter, customerFilter } from './labels';
import { listLabelled, toTenantContainer, type TenantContainer } from './list-containers';
import { globalSingleton } from '../global-singleton';
import { errorMessage } from '../caught';
import { log } from '../log';

export interface ContainerFigures {
  containerId: string;
  name: string;
  customerId: string;
  service: string;
  cpuPercent: number;
  memoryBytes: number;
  /** The host's memory when the container has no limit. */
  memoryLimitBytes: number;
  networkRxBytes: number;
  networkTxBytes: number;
}

interface RawStats {
  cpu_stats?: { cpu_usage?: { total_usage?: number; percpu_usage?: number[] }; system_cpu_usage?: number; online_cpus?: number };
  precpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number };
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
}

/** The CPU counters of one reading; two readings give the CPU share between them. */
export interface CpuReading {
  total: number;
  system: number;
}

/** The figures `docker stats` shows, from one reading and an earlier one. Pure, so it is unit-tested. */
export function computeFigures(raw: RawStats, previous?: CpuReading): Omit<ContainerFigures, 'containerId' | 'name' | 'customerId' | 'service'> {
  const cpu = raw.cpu_stats ?? {};
  const pre = raw.precpu_stats?.system_cpu_usage ? { total: raw.precpu_stats.cpu_usage?.total_usage ?? 0, system: raw.precpu_stats.system_cpu_usage } : previous;
  const cpuDelta = (cpu.cpu_usage?.total_usage ?? 0) - (pre?.total ?? 0);
  const systemDelta = (cpu.system_cpu_usage ?? 0) - (pre?.system ?? 0);
  const cpus = cpu.online_cpus ?? cpu.cpu_usage?.percpu_usage?.length ?? 1;
  const cpuPercent = pre && cpuDelta > 0 && systemDelta > 0 ? (cpuDelta / systemDelta) * cpus * 100 : 0;
  const mem = raw.memory_stats ?? {};
  // Like the docker CLI: page cache is not "used" (cgroup v1: cache, v2: inactive_file).
  const cache = mem.stats?.total_inactive_file ?? mem.stats?.inactive_file ?? mem.stats?.cache ?? 0;
  const memoryBytes = Math.max(0, (mem.usage ?? 0) - cache);
  let rx = 0;
  let tx = 0;
  for (const n of Object.values(raw.networks ?? {})) {
    rx += n.rx_bytes ?? 0;
    tx += n.tx_bytes ?? 0;
  }
  return { cpuPercent: Math.round(cpuPercent * 100) / 100, memoryBytes, memoryLimitBytes: mem.limit ?? 0, networkRxBytes: rx, networkTxBytes: tx };
}

/**
 * Each container's last CPU reading with its time. A `one-shot` stats call answers at once
 * (a plain one makes the engine wait ~1 s for a second reading), so CPU is the difference to
 * the reading before. On globalThis: routes and the sampler are bundled apart but share it.
 */
const g = globalSingleton<{ dockerCpuReadings?: Map<string, CpuReading & { at: number }> }>('dockerCpuReadings', () => ({}));
function readings(): Map<string, CpuReading & { at: number }> {
  g.dockerCpuReadings ??= new Map();
  return g.dockerCpuReadings;
}

/** A reading older than this is too coarse for a CPU figure; the stack view then reads twice. */
const FRESH_READING_MS = 30_000;
const SECOND_READING_DELAY_MS = 500;

/**
 * The counters the host's reader brought (a remote host, container mode), else the kernel's
 * files when the appliance can see them (only for the engine on this machine), else the
 * engine's one-shot stats.
 */
async function readRaw(engine: Engine, c: TenantContainer, read?: KernelStats): Promise<{ raw: RawStats; source: string } | undefined> {
  // The reader's counters run on the host's /proc/stat clock, so they are a source of their own.
  if (read) return { raw: read, source: 'reader' };
  const kernel = engine.id === LOCAL_ENGINE_ID ? await readKernelStats(c.id) : undefined;
  if (kernel) return { raw: kernel, source: 'kernel' };
  try {
    // cast: dockerode's options lack the engine's one-shot flag, and its ContainerStats names cgroup v1 fields one by one where the engine sends a map.
    const raw = (await dockerCall(engine, `stats of ${c.name}`, (d) => d.getContainer(c.id).stats({ stream: false, 'one-shot': true } as { stream: false }))) as RawStats;
    return { raw, source: 'engine' };
  } catch (err) {
    // Stopped or removed between the listing and the sample: it simply has no figures now.
    if ([404, 409].includes(engineStatus(err) ?? 0)) return undefined;
    throw err;
  }
}

async function figuresOf(engine: Engine, c: TenantContainer, kernel?: KernelStats): Promise<ContainerFigures | undefined> {
  const read = await readRaw(engine, c, kernel);
  if (!read) return undefined;
  // Readings of different sources run on different clocks; CPU is only ever taken between two of one source.
  const key = `${read.source}:${c.id}`;
  const before = readings().get(key);
  const total = read.raw.cpu_stats?.cpu_usage?.total_usage;
  const system = read.raw.cpu_stats?.system_cpu_usage;
  if (total !== undefined && system !== undefined) readings().set(key, { total, system, at: Date.now() });
  return { containerId: c.id, name: c.name, customerId: c.customerId, service: c.service, ...computeFigures(read.raw, before) };
}

function present<T>(items: (T | undefined)[]): T[] {
  return items.filter((x): x is T => x !== undefined);
}

/** Runs `task` over `items` with at most `limit` in flight. */
async function mapBounded<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await task(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

async function runningContainers(engine: Engine, filters: { label: string[] }): Promise<TenantContainer[]> {
  const list = await listLabelled(engine, 'list running containers', { ...filters, status: ['running'] });
  return list.map(toTenantContainer);
}

/**
 * Figures of one tenant's running containers, read concurrently; read twice when there is no
 * recent reading for CPU. `known`: the containers as the status snapshot already lists them, so a
 * request does not ask the engine for a listing of its own.
 */
export async function getStackFigures(engine: Engine, customerId: string, known?: TenantContainer[]): Promise<ContainerFigures[]> {
  const containers = known ? known.filter((c) => c.state === 'running') : await runningContainers(engine, customerFilter(customerId));
  const now = Date.now();
  const lastAt = (id: string) => Math.max(...['kernel', 'engine', 'reader'].map((source) => readings().get(`${source}:${id}`)?.at ?? 0));
  // A container killed or restarting between the listing and its reading has no figures now; the others still answer.
  const read = (c: TenantContainer) =>
    figuresOf(engine, c).catch((err: unknown) => {
      log.warn('no resource figures for a container', { container: c.name, error: errorMessage(err) });
      return undefined;
    });
  if (containers.some((c) => now - lastAt(c.id) > FRESH_READING_MS)) {
    await Promise.all(containers.map(read));
    await new Promise((r) => setTimeout(r, SECOND_READING_DELAY_MS));
  }
  return present(await Promise.all(containers.map(read)));
}

/** The last background gather's figures by customer (remote hosts' tenants are served from here, never sampled per request). */
const gathered = globalSingleton('tenantFigures', () => new Map<string, ContainerFigures[]>());

export function gatheredFigures(customerId: string): ContainerFigures[] | undefined {
  return gathered.get(customerId);
}

/** Forgets the CPU readings of containers not among `live` (gone since the last gather). */
export function pruneReadings(live: Set<string>): void {
  for (const key of readings().keys()) if (!live.has(key.slice(key.indexOf(':') + 1))) readings().delete(key);
}

/** Hosts whose counters the batch reader could not read; said once per host, not every gather. */
const batchRefused = globalSingleton('cgroupBatchRefused', () => new Set<string>());

/**
 * Whether this process reads the engine's containers' cgroup files itself: only for the local
 * engine, and not when the appliance runs in a container of its own (another pid namespace).
 */
async function countersVisibleHere(engine: Engine, containers: TenantContainer[]): Promise<boolean> {
  if (engine.id !== LOCAL_ENGINE_ID) return false;
  return containers.length === 0 || (await readKernelStats(containers[0].id)) !== undefined;
}

/**
 * A host's counters in one helper run where the cgroup files are not visible from here (a remote
 * host, or container mode), with the stack's Caddy image, which every tenant on the host has and
 * which has a shell. Undefined (each container then asks the engine's stats) when the host has
 * no such image yet or the reader fails.
 */
async function readBatch(engine: Engine, containers: TenantContainer[]): Promise<Map<string, KernelStats> | undefined> {
  const image = containers.find((c) => c.service === 'caddy')?.image;
  if (!image) return undefined;
  try {
    const stats = await readHostKernelStats(engine, containers.map((c) => c.id), image);
    if (!stats && !batchRefused.has(engine.id)) log.warn('the counter reader found no container cgroups on a host; asking the engine per container', { host: engine.id });
    if (stats) batchRefused.delete(engine.id);
    else batchRefused.add(engine.id);
    return stats;
  } catch (err) {
    if (!batchRefused.has(engine.id)) log.warn('the counter reader failed on a host; asking the engine per container', { host: engine.id, error: errorMessage(err) });
    batchRefused.add(engine.id);
    return undefined;
  }
}

/**
 * Figures of every tenant's running containers, with bounded concurrency so a big host is not
 * flooded. `prune: false` when the caller gathers several engines and prunes once with all of them.
 */
export async function getAllTenantFigures(engine: Engine, concurrency = 16, prune = true): Promise<ContainerFigures[]> {
  const containers = await runningContainers(engine, anyTenantFilter());
  const batch = (await countersVisibleHere(engine, containers)) ? undefined : await readBatch(engine, containers);
  const figures = present(await mapBounded(containers, concurrency, (c) => figuresOf(engine, c, batch?.get(c.id))));
  const byCustomer = new Map<string, ContainerFigures[]>();
  for (const f of figures) byCustomer.set(f.customerId, [...(byCustomer.get(f.customerId) ?? []), f]);
  for (const c of containers) gathered.set(c.customerId, byCustomer.get(c.customerId) ?? []);
  // Containers gone since the last gather keep no reading.
  if (prune) pruneReadings(new Set(containers.map((c) => c.id)));
  return figures;
}
