import { parseKeyValues, parseNetDev, type KernelStats } from './cgroup-figures';

/**
 * One shell run on a Docker host prints the kernel counters of many containers: the host's CPU
 * clock, then per container its cgroup's memory and CPU counters and its network namespace's
 * interface counters. It runs in a short-lived helper container that sees the host's cgroup
 * tree (read-only, at CGROUP_MOUNT) and the host's processes (pid mode `host`).
 *
 * Where the engine puts its containers' cgroups (`docker/<id>`, `system.slice/docker-<id>.scope`,
 * a daemon's own `--cgroup-parent`) is learnt once, from where one of the first three containers'
 * ids shows up (one may have stopped since the listing), and applied to the rest. Ids arrive as
 * arguments, never inside the script text. The files' paths are listed first and then read by
 * `xargs grep -H` (each line prefixed with its path; the listing and the grep never write at the
 * same time, so their lines cannot interleave), so a run starts a handful of processes however many containers the
 * host has: one process per file read took 9 s for 250 containers on a quiet host. It keeps only
 * the lines the figures use (the counters, the page-cache lines of memory.stat, net/dev's header
 * and interfaces), a sixth of the output, which the engine's log driver stores and hands back.
 */
export const CGROUP_MOUNT = '/host-cgroup';
/** A small tmpfs for the list of files (the helper's root is read-only). */
export const SCRATCH = '/scratch';

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
read -r line < /proc/stat; echo "@@host $line"
n=0; while read -r k rest; do case "$k" in cpu[0-9]*) n=$((n + 1));; esac; done < /proc/stat; echo "@@cpus $n"
while read -r k val unit; do [ "$k" = MemTotal: ] && echo "@@memtotal $val"; done < /proc/meminfo
for id in "$@"; do
  m="$mem/$pre$id$post"; c="$cpu/$pre$id$post"
  [ -d "$m" ] || continue
  pid=""; read -r pid < "$m/cgroup.procs"
  echo "@@container $id $pid"
  if [ $v = 2 ]; then echo "$m/memory.current $m/memory.max $c/cpu.stat $m/memory.stat" >&3
  else echo "$m/memory.usage_in_bytes $m/memory.limit_in_bytes $c/cpuacct.usage $m/memory.stat" >&3; fi
  if [ -n "$pid" ]; then echo "/proc/$pid/net/dev" >&3; fi
done 3> ${SCRATCH}/files
xargs -r grep -H -E '^[0-9]+$|^max$|^(cache|total_inactive_file|inactive_file|usage_usec) |[:|]' < ${SCRATCH}/files
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

const asCount = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined);

/** One `path:line` of the grep into the container block it belongs to. */
function addFileLine(blocks: Map<string, Block>, byPid: Map<string, Block>, path: string, value: string): void {
  if (path.startsWith('/proc/')) {
    const block = byPid.get(path.split('/')[2] ?? '');
    if (block && path.endsWith('/net/dev')) block.net.push(value);
    return;
  }
  // The container's own id is the deepest one in its cgroup path (an engine inside a container nests them).
  const id = [...path.matchAll(/[0-9a-f]{64}/g)].pop()?.[0];
  const block = id ? blocks.get(id) : undefined;
  if (!block) return;
  const file = path.slice(path.lastIndexOf('/') + 1);
  if (file === 'memory.current' || file === 'memory.usage_in_bytes') block.usage = asCount(value);
  else if (file === 'memory.max' || file === 'memory.limit_in_bytes') block.limit = value.trim();
  else if (file === 'cpuacct.usage') block.cpuNs = asCount(value);
  else if (file === 'cpu.stat' && value.startsWith('usage_usec ')) block.cpuNs = (asCount(value.slice('usage_usec '.length)) ?? Number.NaN) * 1000;
  else if (file === 'memory.stat') block.stat.push(value);
}

/** The dump's text as each container's counters in the engine's stats shape. Pure, so it is unit-tested. */
export function parseCgroupDump(text: string): CgroupDump {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const found = lines.some((l) => /^@@layout v[12]$/.test(l));
  const complete = lines.includes('@@end') || lines.includes('@@layout none');
  const host = { systemNs: 0, cpus: 1, memTotal: 0 };
  const blocks = new Map<string, Block>();
  const byPid = new Map<string, Block>();
  for (const line of lines) {
    if (line.startsWith('/')) continue;
    const [tag, ...rest] = line.split(' ');
    const value = rest.join(' ').trim();
    if (tag === '@@host') {
      // "cpu  user nice system idle iowait irq softirq steal …": the engine's system_cpu_usage is their sum.
      const ticks = value.split(/\s+/).slice(1, 9).map(Number).filter(Number.isFinite);
      host.systemNs = ticks.reduce((a, b) => a + b, 0) * NS_PER_TICK;
    } else if (tag === '@@cpus') host.cpus = Math.max(1, Number(value) || 1);
    else if (tag === '@@memtotal') host.memTotal = (asCount(value) ?? 0) * 1024;
    else if (tag === '@@container') {
      const [id, pid] = value.split(' ');
      const block: Block = { stat: [], net: [] };
      blocks.set(id, block);
      if (pid) byPid.set(pid, block);
    }
  }
  // A second pass: file lines name their container by path or pid.
  for (const line of lines) {
    if (!line.startsWith('/')) continue;
    // Paths hold no colon; the rest of the line may (net/dev's "eth0:").
    const at = line.indexOf(':');
    if (at > 0) addFileLine(blocks, byPid, line.slice(0, at), line.slice(at + 1));
  }
  const stats = new Map<string, KernelStats>();
  if (complete && host.systemNs > 0 && host.memTotal > 0) {
    for (const [id, b] of blocks) {
      const s = Number.isFinite(b.cpuNs) ? toStats(b, host) : undefined;
      if (s) stats.set(id, s);
    }
  }
  return { found, complete, stats };
}
