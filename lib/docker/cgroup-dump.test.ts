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

const HOST = ['@@host cpu  100 0 50 800 10 0 5 0 0 0', '@@cpus 2', '@@memtotal MemTotal:        2048000 kB'];

function v1Block(id: string, limit: string): string[] {
  return [`@@container ${id}`, '@usage 3000000', `@limit ${limit}`, '@cpu_ns 123456789', '@stat', 'cache 1000000', 'total_inactive_file 500000', '@net', ...NET_DEV];
}

describe('parseCgroupDump', () => {
  it('reads cgroup v1 counters per container in the engine stats shape, with the host clock and memory', () => {
    const text = ['@@layout v1', ...HOST, ...v1Block(A, '9223372036854771712'), ...v1Block(B, '67108864'), '@@end'].join('\r\n');
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

  it('reads cgroup v2 counters: usage_usec in nanoseconds and "max" as no limit', () => {
    const block = [`@@container ${A}`, '@usage 4096', '@limit max', '@cpu_usec usage_usec 2500', '@stat', 'inactive_file 1024', '@net', ...NET_DEV];
    const dump = parseCgroupDump(['@@layout v2', ...HOST, ...block, '@@end'].join('\n'));
    expect(dump.stats.get(A)?.cpu_stats.cpu_usage.total_usage).toBe(2_500_000);
    expect(dump.stats.get(A)?.memory_stats).toMatchObject({ usage: 4096, limit: 2048000 * 1024 });
  });

  it('leaves out a container whose files vanished mid-read (it stopped) and keeps the others', () => {
    const gone = [`@@container ${B}`, '@usage ', '@limit ', '@cpu_ns ', '@stat', '@net'];
    const dump = parseCgroupDump(['@@layout v1', ...HOST, ...gone, ...v1Block(A, '67108864'), '@@end'].join('\n'));
    expect([...dump.stats.keys()]).toEqual([A]);
  });

  it('trusts nothing from a run cut off before its end', () => {
    const dump = parseCgroupDump(['@@layout v1', ...HOST, ...v1Block(A, '67108864')].join('\n'));
    expect(dump).toMatchObject({ found: true, complete: false });
    expect(dump.stats.size).toBe(0);
  });

  it('says when the engine keeps its cgroups where the reader could not find them', () => {
    expect(parseCgroupDump('@@layout none\n')).toMatchObject({ found: false, complete: true });
    expect(parseCgroupDump('@@layout none\n').stats.size).toBe(0);
  });

  it('ignores a block without a host clock (no CPU figure could be taken from it)', () => {
    const dump = parseCgroupDump(['@@layout v1', ...v1Block(A, '67108864'), '@@end'].join('\n'));
    expect(dump.stats.size).toBe(0);
  });
});
