/**
 * Pure parsers for the Linux /proc files the host figures come from, so they are
 * unit-tested with real samples instead of the machine the tests run on.
 */

/** Cumulative CPU time (in USER_HZ ticks) since boot, all cores together. */
export interface CpuTimes {
  idle: number;
  total: number;
}

/** The aggregate `cpu` line of /proc/stat: user nice system idle iowait irq softirq steal [guest guest_nice]. */
export function parseProcStat(text: string): CpuTimes {
  const line = text.split('\n').find((l) => /^cpu\s/.test(l));
  if (!line) throw new Error('/proc/stat has no aggregate cpu line');
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  if (fields.length < 4 || fields.some((n) => !Number.isFinite(n))) throw new Error(`/proc/stat cpu line is malformed: ${line}`);
  // guest and guest_nice are already counted inside user and nice; adding them would double-count.
  const counted = fields.slice(0, 8);
  const idle = counted[3] + (counted[4] ?? 0);
  const total = counted.reduce((sum, n) => sum + n, 0);
  return { idle, total };
}

/**
 * Busy share of all cores between two readings, 0–100. Without a previous reading
 * it is the average since boot, which is still an honest first figure.
 */
export function cpuPercentBetween(previous: CpuTimes | undefined, current: CpuTimes): number {
  const base = previous ?? { idle: 0, total: 0 };
  const total = current.total - base.total;
  const idle = current.idle - base.idle;
  if (total <= 0) return 0;
  const busy = Math.min(100, Math.max(0, ((total - idle) / total) * 100));
  return Math.round(busy * 10) / 10;
}

export interface MemInfo {
  totalBytes: number;
  /** The kernel's estimate of memory available for new work without swapping (MemAvailable). */
  availableBytes: number;
  usedBytes: number;
  swapTotalBytes: number;
  swapFreeBytes: number;
}

/** /proc/meminfo in bytes. Kernels before 3.14 lack MemAvailable: free + buffers + cached stands in. */
export function parseMeminfo(text: string): MemInfo {
  const kb = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^(\w+(?:\(\w+\))?):\s+(\d+)(?:\s+kB)?/.exec(line.trim());
    if (match) kb.set(match[1], Number(match[2]));
  }
  const total = kb.get('MemTotal');
  if (total === undefined) throw new Error('/proc/meminfo has no MemTotal');
  const available = kb.get('MemAvailable') ?? (kb.get('MemFree') ?? 0) + (kb.get('Buffers') ?? 0) + (kb.get('Cached') ?? 0);
  const bytes = (n: number) => n * 1024;
  return {
    totalBytes: bytes(total),
    availableBytes: bytes(Math.min(available, total)),
    usedBytes: bytes(Math.max(0, total - available)),
    swapTotalBytes: bytes(kb.get('SwapTotal') ?? 0),
    swapFreeBytes: bytes(kb.get('SwapFree') ?? 0),
  };
}
