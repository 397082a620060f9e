import { describe, expect, it } from 'vitest';
import { parseCgroupDump } from './cgroup-dump';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

const NET_DEV = [
  'Inter-|   Receive                                                |  Transmit',
  ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
  '    lo:     100       1    0    0    0     0          0         0      100       1    0    0    0     0       0          0',
  '  eth0:    5000      40    0    0    0     0          0         0     7000      50    0    0    0     0       0          0',
];

const HOST = ['@@host cpu  100 0 50 800 10 0 5 0 0 0', '@@cpus 2', '@@memtotal 2048000'];

/** What `grep -H ''` prints for a v1 container whose cgroup is `dir` and whose first process is `pid`. */
function v1Files(dir: string, pid: string, limit: string): string[] {
  return [
    `${dir}/memory.usage_in_bytes:3000000`,
    `${dir}/memory.limit_in_bytes:${limit}`,
    `${dir.replace('/memory/', '/cpuacct/')}/cpuacct.usage:123456789`,
    `${dir}/memory.stat:cache 1000000`,
    `${dir}/memory.stat:total_inactive_file 500000`,
    ...NET_DEV.map((l) => `/proc/${pid}/net/dev:${l}`),
  ];
}

describe('parseCgroupDump', () => {
  it('reads cgroup v1 counters per container in the engine stats shape, with the host clock and memory', () => {
    const text = ['@@layout v1', ...HOST, `@@container ${A} 101`, `@@container ${B} 202`, ...v1Files(`/host-cgroup/memory/docker/${A}`, '101', '9223372036854771712'), ...v1Files(`/host-cgroup/memory/docker/${B}`, '202', '67108864'), '@@end'].join('\r\n');
    const dump = parseCgroupDump(text);
    expect(dump).toMatchObject({ found: true, complete: true });
    const a = dump.stats.get(A);
    // (100+0+50+800+10+0+5+0) ticks of 10 ms.
    expect(a?.cpu_stats).toEqual({ cpu_usage: { total_usage: 123456789 }, system_cpu_usage: 965 * 10_000_000, online_cpus: 2 });
    // No limit (v1's 2^63 rounded down to a page) is the host's memory.
    expect(a?.memory_stats).toEqual({ usage: 3000000, limit: 2048000 * 1024, stats: { cache: 1000000, total_inactive_file: 500000 } });
    expect(a?.networks).toEqual({ eth0: { rx_bytes: 5000, tx_bytes: 7000 } });
    expect(dump.stats.get(B)?.memory_stats.limit).toBe(67108864);
  });

  it('reads cgroup v2 counters under systemd scopes: usage_usec in nanoseconds and "max" as no limit', () => {
    const dir = `/host-cgroup/system.slice/docker-${A}.scope`;
    const files = [`${dir}/memory.current:4096`, `${dir}/memory.max:max`, `${dir}/cpu.stat:usage_usec 2500`, `${dir}/cpu.stat:user_usec 2000`, `${dir}/memory.stat:inactive_file 1024`, ...NET_DEV.map((l) => `/proc/77/net/dev:${l}`)];
    const dump = parseCgroupDump(['@@layout v2', ...HOST, `@@container ${A} 77`, ...files, '@@end'].join('\n'));
    expect(dump.stats.get(A)?.cpu_stats.cpu_usage.total_usage).toBe(2_500_000);
    expect(dump.stats.get(A)?.memory_stats).toMatchObject({ usage: 4096, limit: 2048000 * 1024, stats: { inactive_file: 1024 } });
    expect(dump.stats.get(A)?.networks).toEqual({ eth0: { rx_bytes: 5000, tx_bytes: 7000 } });
  });

  it('files a nested engine’s lines under the innermost container id', () => {
    const dir = `/host-cgroup/memory/docker/${B}/docker/${A}`;
    const dump = parseCgroupDump(['@@layout v1', ...HOST, `@@container ${A} 5`, ...v1Files(dir, '5', '67108864'), '@@end'].join('\n'));
    expect([...dump.stats.keys()]).toEqual([A]);
    expect(dump.stats.get(A)?.memory_stats.usage).toBe(3000000);
  });

  it('leaves out a container whose files vanished mid-read (it stopped) and keeps the others', () => {
    const text = ['@@layout v1', ...HOST, `@@container ${B} `, `@@container ${A} 101`, ...v1Files(`/host-cgroup/memory/docker/${A}`, '101', '67108864'), '@@end'].join('\n');
    const dump = parseCgroupDump(text);
    expect([...dump.stats.keys()]).toEqual([A]);
  });

  it('trusts nothing from a run cut off before its end', () => {
    const dump = parseCgroupDump(['@@layout v1', ...HOST, `@@container ${A} 101`, ...v1Files(`/host-cgroup/memory/docker/${A}`, '101', '67108864')].join('\n'));
    expect(dump).toMatchObject({ found: true, complete: false });
    expect(dump.stats.size).toBe(0);
  });

  it('says when the engine keeps its cgroups where the reader could not find them', () => {
    expect(parseCgroupDump('@@layout none\n')).toMatchObject({ found: false, complete: true });
    expect(parseCgroupDump('@@layout none\n').stats.size).toBe(0);
  });

  it('ignores counters without a host clock (no CPU figure could be taken from them)', () => {
    const dump = parseCgroupDump(['@@layout v1', `@@container ${A} 101`, ...v1Files(`/host-cgroup/memory/docker/${A}`, '101', '67108864'), '@@end'].join('\n'));
    expect(dump.stats.size).toBe(0);
  });
});
