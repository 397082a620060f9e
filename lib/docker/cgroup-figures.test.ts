import { describe, expect, it } from 'vitest';
import { parseKeyValues, parseNetDev } from './cgroup-figures';

describe('kernel counter parsing', () => {
  it('reads memory.stat / cpu.stat lines as numbers and skips anything else', () => {
    expect(parseKeyValues('cache 716800\ntotal_inactive_file 16384\nbogus line here\n\n')).toEqual({ cache: 716800, total_inactive_file: 16384 });
    expect(parseKeyValues('usage_usec 40725\nuser_usec 10000\n').usage_usec).toBe(40725);
  });

  it('takes receive and transmit bytes per interface from /proc/<pid>/net/dev, without loopback', () => {
    const text = [
      'Inter-|   Receive                                                |  Transmit',
      ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
      '    lo:     120       2    0    0    0     0          0         0      120       2    0    0    0     0       0          0',
      '  eth0:    4860       5    0    0    0     0          0         0     1234       9    0    0    0     0       0          0',
      '  eth1: 9000000    7000    0    0    0     0          0         0   800000     600    0    0    0     0       0          0',
    ].join('\n');
    expect(parseNetDev(text)).toEqual({ eth0: { rx_bytes: 4860, tx_bytes: 1234 }, eth1: { rx_bytes: 9_000_000, tx_bytes: 800_000 } });
  });
});
