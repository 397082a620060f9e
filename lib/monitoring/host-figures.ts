import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { cpuPercentBetween, parseMeminfo, parseProcStat, type CpuTimes, type MemInfo } from './proc-parse';
import { stringField } from '../caught';

export interface DiskFigures {
  /** What the operator knows it as: data | database. */
  label: string;
  path: string;
  totalBytes: number;
  freeBytes: number;
  usedBytes: number;
  usedPercent: number;
}

export interface HostFigures {
  hostname: string;
  cpus: number;
  cpuPercent: number;
  memory: MemInfo;
  load: [number, number, number];
  uptimeSeconds: number;
  disks: DiskFigures[];
}

async function readCpuTimes(): Promise<CpuTimes> {
  try {
    return parseProcStat(await fs.readFile('/proc/stat', 'utf8'));
  } catch (err) {
    if (stringField(err, 'code') !== 'ENOENT') throw err;
    // Not Linux (a developer's laptop): the same sums from node's per-core counters.
    let idle = 0;
    let total = 0;
    for (const c of os.cpus()) {
      idle += c.times.idle;
      total += c.times.user + c.times.nice + c.times.sys + c.times.idle + c.times.irq;
    }
    return { idle, total };
  }
}

async function readMemory(): Promise<MemInfo> {
  try {
    return parseMeminfo(await fs.readFile('/proc/meminfo', 'utf8'));
  } catch (err) {
    if (stringField(err, 'code') !== 'ENOENT') throw err;
    const total = os.totalmem();
    const free = os.freemem();
    return { totalBytes: total, availableBytes: free, usedBytes: total - free, swapTotalBytes: 0, swapFreeBytes: 0 };
  }
}

/** The nearest existing folder: the data directory may not exist before the first deploy. */
async function existingAncestor(dir: string): Promise<string> {
  let current = path.resolve(dir);
  for (;;) {
    try {
      await fs.access(current);
      return current;
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}

async function readDisk(label: string, dir: string): Promise<DiskFigures> {
  const at = await existingAncestor(dir);
  const s = await fs.statfs(at);
  const totalBytes = s.blocks * s.bsize;
  // bavail, not bfree: blocks reserved for root are not space the appliance can count on.
  const freeBytes = s.bavail * s.bsize;
  const usedBytes = Math.max(0, totalBytes - s.bfree * s.bsize);
  const usable = usedBytes + freeBytes;
  return { label, path: dir, totalBytes, freeBytes, usedBytes, usedPercent: usable > 0 ? Math.round((usedBytes / usable) * 1000) / 10 : 0 };
}

export interface HostReading {
  figures: HostFigures;
  cpuTimes: CpuTimes;
}

/**
 * Host figures from /proc and node:os; a few file reads, no child processes. CPU % is the
 * share since `previousCpu` (the last reading), so the sampler passes its last one back in.
 */
export async function readHostFigures(previousCpu: CpuTimes | undefined, folders: { data: string; database: string }): Promise<HostReading> {
  const [cpuTimes, memory, data, database] = await Promise.all([
    readCpuTimes(),
    readMemory(),
    readDisk('data', folders.data),
    readDisk('database', folders.database),
  ]);
  const [l1, l5, l15] = os.loadavg();
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    cpuTimes,
    figures: {
      hostname: os.hostname(),
      cpus: os.availableParallelism?.() ?? os.cpus().length,
      cpuPercent: cpuPercentBetween(previousCpu, cpuTimes),
      memory,
      load: [round(l1), round(l5), round(l15)],
      uptimeSeconds: Math.round(os.uptime()),
      disks: [data, database],
    },
  };
}
