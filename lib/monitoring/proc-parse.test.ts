import { describe, expect, it } from 'vitest';
import { cpuPercentBetween, parseMeminfo, parseProcStat } from './proc-parse';

// Real excerpts of a 2-core Debian 12 host.
const STAT_A = `cpu  10132153 290696 3084719 46828483 16683 0 25195 0 175628 0
cpu0 1393280 32966 572705 5816983 1779 0 21856 0 0 0
cpu1 1335440 35204 478893 5832560 2171 0 1142 0 0 0
intr 1462898 39 0 0 0
ctxt 2357012
btime 1700000000
`;
const STAT_B = `cpu  10132253 290696 3084819 46829083 16683 0 25195 0 175628 0
cpu0 1393330 32966 572755 5817283 1779 0 21856 0 0 0
`;

const MEMINFO = `MemTotal:        8038488 kB
MemFree:          314512 kB
MemAvailable:    5161408 kB
Buffers:          285112 kB
Cached:          4460256 kB
SwapCached:            0 kB
Active(anon):    1864268 kB
SwapTotal:       2097148 kB
SwapFree:        1048574 kB
HugePages_Total:       0
`;

describe('parseProcStat', () => {
  it('sums the aggregate cpu line without double-counting guest time', () => {
    const t = parseProcStat(STAT_A);
    expect(t.idle).toBe(46828483 + 16683);
    expect(t.total).toBe(10132153 + 290696 + 3084719 + 46828483 + 16683 + 0 + 25195 + 0);
  });

  it('refuses text without an aggregate cpu line or with garbage in it', () => {
    expect(() => parseProcStat('cpu0 1 2 3 4\nintr 5')).toThrow(/aggregate cpu line/);
    expect(() => parseProcStat('cpu  1 2 x 4')).toThrow(/malformed/);
  });
});

describe('cpuPercentBetween', () => {
  it('is the busy share of the ticks between two readings', () => {
    // Between A and B: 100 user + 100 system busy, 600 idle → 200 / 800 = 25 %.
    expect(cpuPercentBetween(parseProcStat(STAT_A), parseProcStat(STAT_B))).toBe(25);
  });

  it('falls back to the average since boot without a previous reading', () => {
    const t = parseProcStat(STAT_A);
    expect(cpuPercentBetween(undefined, t)).toBeCloseTo(((t.total - t.idle) / t.total) * 100, 0);
  });

  it('answers 0, not NaN or a negative figure, when no time passed or counters went back', () => {
    const t = parseProcStat(STAT_A);
    expect(cpuPercentBetween(t, t)).toBe(0);
    expect(cpuPercentBetween(parseProcStat(STAT_B), t)).toBe(0);
  });
});

describe('parseMeminfo', () => {
  it('reads MemAvailable, not MemFree, as available; bytes, not kB', () => {
    const m = parseMeminfo(MEMINFO);
    expect(m.totalBytes).toBe(8038488 * 1024);
    expect(m.availableBytes).toBe(5161408 * 1024);
    expect(m.usedBytes).toBe((8038488 - 5161408) * 1024);
    expect(m.swapTotalBytes - m.swapFreeBytes).toBe((2097148 - 1048574) * 1024);
  });

  it('estimates available memory on kernels without MemAvailable', () => {
    const old = MEMINFO.split('\n').filter((l) => !l.startsWith('MemAvailable')).join('\n');
    expect(parseMeminfo(old).availableBytes).toBe((314512 + 285112 + 4460256) * 1024);
  });

  it('refuses text without MemTotal', () => {
    expect(() => parseMeminfo('MemFree: 1 kB')).toThrow(/MemTotal/);
  });
});
