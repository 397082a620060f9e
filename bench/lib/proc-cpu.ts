import fs from 'node:fs';
import { MachineCpu } from './soak-server';

/** Clock ticks per second of /proc's CPU times (Linux's USER_HZ). */
const HZ = 100;

interface ProcTimes {
  comm: string;
  /** Start time since boot: the same pid with another start time is another process (names change, e.g. kernel workers'). */
  started: number;
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
      out.set(Number(name), { comm: stat.slice(open + 1, close), started: Number(f[19]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) });
    } catch {
      // Gone between the listing and the read.
    }
  }
  return out;
}

export interface CpuWindow {
  seconds: number;
  /** Share of all cores the whole machine was busy (from /proc/stat). */
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
  const machine = new MachineCpu();
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, seconds * 1000);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });
  const after = readProcs();
  const machinePercent = machine.percent();
  const byName = new Map<string, number>();
  for (const [pid, now] of after) {
    const then = before.get(pid);
    const used = then && then.started === now.started ? now.ticks - then.ticks : now.ticks;
    const name = group(now.comm);
    if (used > 0) byName.set(name, (byName.get(name) ?? 0) + used / HZ);
  }
  return {
    seconds: (performance.now() - started) / 1000,
    machinePercent,
    byName: [...byName].sort((a, b) => b[1] - a[1]),
  };
}
