import { parseKeyValues, parseNetDev, type KernelStats } from './cgroup-figures';

/**
 * One shell run on a Docker host prints the kernel counters of many containers: the host's CPU
 * clock, then per container its cgroup's memory and CPU counters and its network namespace's
 * interface counters. It runs in a short-lived helper container that sees the host's cgroup
 * tree (read-only, at CGROUP_MOUNT) and the host's processes (pid mode `host`).
 *
 * Where the engine puts its containers' cgroups (`docker/<id>`, `system.slice/docker-<id>.scope`,
 * a daemon's own `--cgroup-parent`) is learnt once, from where one of the first three containers'
 * ids shows up (one may have stopped since the listing), and applied to the rest. Ids arrive as arguments, never inside the script text.
 */
export const CGROUP_MOUNT = '/host-cgroup';

export const CGROUP_DUMP_SCRIPT = `
cg=${CGROUP_MOUNT}
if [ -e "$cg/cgroup.controllers" ]; then v=2; mem=$cg; cpu=$cg; else v=1; mem=$cg/memory; cpu=$cg/cpuacct; fi
found=""; n=0
for probe in "$@"; do
  n=$((n + 1)); [ $n -gt 3 ] && break
  found=$(find "$mem" -maxdepth 4 -type d -name "*$probe*" 2>/dev/null | head -n 1)
  [ -n "$found" ] && break
done
if [ -z "$found" ]; then echo "@@layout none"; exit 0; fi
rel=\${found#"$mem"/}
pre=\${rel%%"$probe"*}
post=\${rel#*"$probe"}
echo "@@layout v$v"
echo "@@host $(head -n 1 /proc/stat)"
echo "@@cpus $(grep -c '^cpu[0-9]' /proc/stat)"
echo "@@memtotal $(grep '^MemTotal:' /proc/meminfo)"
for id in "$@"; do
  m="$mem/$pre$id$post"; c="$cpu/$pre$id$post"
  [ -d "$m" ] || continue
  echo "@@container $id"
  if [ $v = 2 ]; then
    echo "@usage $(cat "$m/memory.current" 2>/dev/null)"
    echo "@limit $(cat "$m/memory.max" 2>/dev/null)"
    echo "@cpu_usec $(grep '^usage_usec ' "$c/cpu.stat" 2>/dev/null)"
  else
    echo "@usage $(cat "$m/memory.usage_in_bytes" 2>/dev/null)"
    echo "@limit $(cat "$m/memory.limit_in_bytes" 2>/dev/null)"
    echo "@cpu_ns $(cat "$c/cpuacct.usage" 2>/dev/null)"
  fi
  echo "@stat"
  cat "$m/memory.stat" 2>/dev/null
  pid=$(head -n 1 "$m/cgroup.procs" 2>/dev/null)
  echo "@net"
  if [ -n "$pid" ]; then cat "/proc/$pid/net/dev" 2>/dev/null; fi
done
echo "@@end"
`;

/** cgroup v1 reports "no limit" as a page-rounded 2^63. */
const V1_UNLIMITED = 2 ** 62;
/** /proc/stat counts in USER_HZ ticks, 100 per second on every Linux Docker runs on. */
const NS_PER_TICK = 10_000_000;

export interface CgroupDump {
  /** False when the script could not find where the engine keeps its containers' cgroups. */
  found: boolean;
  /** Whether the script ran to its end (a cut-off run is not trusted). */
  complete: boolean;
  stats: Map<string, KernelStats>;
}

interface Block {
  usage?: number;
  limit?: string;
  cpuNs?: number;
  stat: string[];
  net: string[];
}

function toStats(b: Block, host: { systemNs: number; cpus: number; memTotal: number }): KernelStats | undefined {
  if (b.usage === undefined || b.cpuNs === undefined || b.limit === undefined || b.limit === '') return undefined;
  const limitNumber = Number(b.limit);
  const limit = b.limit === 'max' || !Number.isFinite(limitNumber) || limitNumber >= V1_UNLIMITED ? host.memTotal : Math.min(limitNumber, host.memTotal);
  return {
    cpu_stats: { cpu_usage: { total_usage: b.cpuNs }, system_cpu_usage: host.systemNs, online_cpus: host.cpus },
    memory_stats: { usage: b.usage, limit, stats: parseKeyValues(b.stat.join('\n')) },
    // parseNetDev skips the file's two header lines.
    networks: parseNetDev(b.net.join('\n')),
  };
}

/** The dump's text as each container's counters in the engine's stats shape. Pure, so it is unit-tested. */
export function parseCgroupDump(text: string): CgroupDump {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const found = lines.some((l) => /^@@layout v[12]$/.test(l));
  const complete = lines.includes('@@end') || lines.includes('@@layout none');
  const host = { systemNs: 0, cpus: 1, memTotal: 0 };
  const blocks = new Map<string, Block>();
  let current: Block | undefined;
  let section: 'stat' | 'net' | undefined;
  for (const line of lines) {
    const [tag, ...rest] = line.split(' ');
    const value = rest.join(' ').trim();
    if (tag === '@@host') {
      // "cpu  user nice system idle iowait irq softirq steal …": the engine's system_cpu_usage is their sum.
      const ticks = value.split(/\s+/).slice(1, 9).map(Number).filter(Number.isFinite);
      host.systemNs = ticks.reduce((a, b) => a + b, 0) * NS_PER_TICK;
    } else if (tag === '@@cpus') host.cpus = Math.max(1, Number(value) || 1);
    else if (tag === '@@memtotal') host.memTotal = (Number(/(\d+)/.exec(value)?.[1]) || 0) * 1024;
    else if (tag === '@@container') {
      current = { stat: [], net: [] };
      section = undefined;
      blocks.set(value, current);
    } else if (tag.startsWith('@@')) current = undefined;
    else if (!current) continue;
    else if (tag === '@usage') current.usage = /^\d+$/.test(value) ? Number(value) : undefined;
    else if (tag === '@limit') current.limit = value;
    else if (tag === '@cpu_usec') current.cpuNs = /^usage_usec (\d+)$/.test(value) ? Number(value.split(' ')[1]) * 1000 : undefined;
    else if (tag === '@cpu_ns') current.cpuNs = /^\d+$/.test(value) ? Number(value) : undefined;
    else if (line === '@stat' || line === '@net') section = line === '@stat' ? 'stat' : 'net';
    else if (section) current[section].push(line);
  }
  const stats = new Map<string, KernelStats>();
  if (complete && host.systemNs > 0 && host.memTotal > 0) {
    for (const [id, b] of blocks) {
      const s = toStats(b, host);
      if (s) stats.set(id, s);
    }
  }
  return { found, complete, stats };
}
