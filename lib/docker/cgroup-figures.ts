import fs from 'node:fs/promises';
import os from 'node:os';
import { stringField } from '../caught';

/**
 * A container's figures straight from the kernel: its cgroup's memory and CPU counters and its
 * network namespace's interface counters. The engine's stats endpoint reads the same files, but
 * one call costs it ~50 ms of work, so with a thousand containers a gather took over a minute;
 * the files take well under a millisecond each. Returned in the engine's stats shape so both
 * sources go through one formula (`computeFigures`). Undefined when the files are not visible
 * (another cgroup layout, or the appliance in a container without the host's /sys and /proc).
 */
export interface KernelStats {
  cpu_stats: { cpu_usage: { total_usage: number }; system_cpu_usage: number; online_cpus: number };
  memory_stats: { usage: number; limit: number; stats: Record<string, number> };
  networks: Record<string, { rx_bytes: number; tx_bytes: number }>;
}

interface Layout {
  memory: string;
  cpu: string;
  v2: boolean;
}

const ROOT = '/sys/fs/cgroup';
/** cgroup v1 reports "no limit" as a page-rounded 2^63. */
const V1_UNLIMITED = 2 ** 62;

/** Docker's cgroup paths: v1 with the cgroupfs or systemd driver, then v2 with either. */
function layouts(id: string): Layout[] {
  return [
    { v2: false, memory: `${ROOT}/memory/docker/${id}`, cpu: `${ROOT}/cpuacct/docker/${id}` },
    { v2: false, memory: `${ROOT}/memory/system.slice/docker-${id}.scope`, cpu: `${ROOT}/cpuacct/system.slice/docker-${id}.scope` },
    { v2: true, memory: `${ROOT}/system.slice/docker-${id}.scope`, cpu: `${ROOT}/system.slice/docker-${id}.scope` },
    { v2: true, memory: `${ROOT}/docker/${id}`, cpu: `${ROOT}/docker/${id}` },
  ];
}

/** `key value` lines (memory.stat, cpu.stat) as numbers. */
export function parseKeyValues(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const [key, value] = line.trim().split(/\s+/);
    if (key && value !== undefined && /^\d+$/.test(value)) out[key] = Number(value);
  }
  return out;
}

/** Byte counters per interface from /proc/<pid>/net/dev, loopback left out as the engine does. */
export function parseNetDev(text: string): Record<string, { rx_bytes: number; tx_bytes: number }> {
  const out: Record<string, { rx_bytes: number; tx_bytes: number }> = {};
  for (const line of text.split('\n').slice(2)) {
    const match = /^\s*([^:\s]+):\s*(.*)$/.exec(line);
    if (!match || match[1] === 'lo') continue;
    const fields = match[2].trim().split(/\s+/).map(Number);
    // Eight receive columns, then the transmit ones.
    if (fields.length >= 9) out[match[1]] = { rx_bytes: fields[0], tx_bytes: fields[8] };
  }
  return out;
}

async function firstExisting(id: string): Promise<Layout | undefined> {
  for (const l of layouts(id)) {
    try {
      await fs.access(`${l.memory}/${l.v2 ? 'memory.current' : 'memory.usage_in_bytes'}`);
      return l;
    } catch {
      // Not this layout; try the next.
    }
  }
  return undefined;
}

async function readNumber(file: string): Promise<number> {
  return Number((await fs.readFile(file, 'utf8')).trim());
}

/**
 * The container's interfaces, through the first process of its cgroup. Undefined when that
 * pid is not the container's process here: inside a container of its own the appliance has
 * another pid namespace, where the same number can be some other process.
 */
async function readNetworks(containerId: string, procsFile: string): Promise<Record<string, { rx_bytes: number; tx_bytes: number }> | undefined> {
  const pid = (await fs.readFile(procsFile, 'utf8')).split('\n')[0]?.trim();
  if (!pid) return undefined;
  const cgroup = await fs.readFile(`/proc/${pid}/cgroup`, 'utf8').catch(() => '');
  if (!cgroup.includes(containerId)) return undefined;
  return parseNetDev(await fs.readFile(`/proc/${pid}/net/dev`, 'utf8'));
}

export async function readKernelStats(containerId: string): Promise<KernelStats | undefined> {
  const l = await firstExisting(containerId);
  if (!l) return undefined;
  try {
    const [usage, stat, limitText, cpuUsageNs, networks] = await Promise.all([
      readNumber(`${l.memory}/${l.v2 ? 'memory.current' : 'memory.usage_in_bytes'}`),
      fs.readFile(`${l.memory}/memory.stat`, 'utf8').then(parseKeyValues),
      fs.readFile(`${l.memory}/${l.v2 ? 'memory.max' : 'memory.limit_in_bytes'}`, 'utf8').then((t) => t.trim()),
      l.v2 ? fs.readFile(`${l.cpu}/cpu.stat`, 'utf8').then((t) => (parseKeyValues(t).usage_usec ?? 0) * 1000) : readNumber(`${l.cpu}/cpuacct.usage`),
      readNetworks(containerId, `${l.memory}/cgroup.procs`),
    ]);
    if (!networks) return undefined;
    const host = os.totalmem();
    const limit = limitText === 'max' || Number(limitText) >= V1_UNLIMITED ? host : Math.min(Number(limitText), host);
    const cpus = os.availableParallelism();
    return {
      // The engine's system_cpu_usage is host CPU time over all cores; wall time × cores is the same clock.
      cpu_stats: { cpu_usage: { total_usage: cpuUsageNs }, system_cpu_usage: Number(process.hrtime.bigint()) * cpus, online_cpus: cpus },
      memory_stats: { usage, limit, stats: stat },
      networks,
    };
  } catch (err) {
    // The container stopped between the listing and the read: its cgroup is gone.
    if (stringField(err, 'code') === 'ENOENT') return undefined;
    throw err;
  }
}
