import fs from 'node:fs';

/** Clock ticks per second of /proc's CPU times (Linux's USER_HZ). */
const HZ = 100;

interface ProcTimes {
  comm: string;
  /** utime + stime + cutime + cstime: a short-lived child's time lands in its parent's once reaped. */
  ticks: number;
}

function readProcs(): Map<number, ProcTimes> {
  const out = new Map<number, ProcTimes>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const open = stat.indexOf('(');
      const close = stat.lastIndexOf(')');
      const f = stat.slice(close + 2).split(' ');
      out.set(Number(name), { comm: stat.slice(open + 1, close), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) });
    } catch {
      // Gone between the listing and the read.
    }
  }
  return out;
}

function machineBusyTicks(): { busy: number; total: number } {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - f[3] - (f[4] ?? 0), total };
}

export interface CpuWindow {
  seconds: number;
  /** CPU-seconds the whole machine was busy (all cores, from /proc/stat). */
  machineBusy: number;
  /** Share of all cores. */
  machinePercent: number;
  /** CPU-seconds by process name, largest first (processes that lived and died inside the window count with their parent). */
  byName: [string, number][];
}

/**
 * CPU use of the whole machine and of every process by name over one window: a snapshot of
 * /proc at the start and one at the end, nothing in between (a sampler would cost CPU itself).
 */
export async function measureCpuWindow(seconds: number, signal?: AbortSignal, group: (comm: string) => string = (c) => c): Promise<CpuWindow> {
  const before = readProcs();
  const machineBefore = machineBusyTicks();
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, seconds * 1000);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });
  const after = readProcs();
  const machineAfter = machineBusyTicks();
  const byName = new Map<string, number>();
  for (const [pid, now] of after) {
    const then = before.get(pid);
    const used = then && then.comm === now.comm ? now.ticks - then.ticks : now.ticks;
    if (used > 0) byName.set(group(now.comm), (byName.get(group(now.comm)) ?? 0) + used / HZ);
  }
  const machineBusy = (machineAfter.busy - machineBefore.busy) / HZ;
  return {
    seconds: (performance.now() - started) / 1000,
    machineBusy,
    machinePercent: ((machineAfter.busy - machineBefore.busy) / Math.max(1, machineAfter.total - machineBefore.total)) * 100,
    byName: [...byName].sort((a, b) => b[1] - a[1]),
  };
}
