import { describe, expect, it } from 'vitest';
import { cidrRange, firstHost, formatCidr, lowestFreeBlock, overlaps, parseCidr, subnetPoolProblem, type Cidr } from './subnet-pool';

const c = (text: string): Cidr => {
  const parsed = parseCidr(text);
  if (!parsed) throw new Error(`bad test CIDR ${text}`);
  return parsed;
};
const free = (pool: string, taken: string[]) => {
  const block = lowestFreeBlock(c(pool), taken.map(c));
  return block && formatCidr(block);
};

describe('parseCidr', () => {
  it('reads IPv4 CIDR notation', () => {
    expect(parseCidr('10.213.0.0/16')).toEqual({ base: 0x0ad50000, prefix: 16 });
    expect(parseCidr(' 255.255.255.255/32 ')).toEqual({ base: 0xffffffff, prefix: 32 });
    expect(parseCidr('0.0.0.0/0')).toEqual({ base: 0, prefix: 0 });
  });

  it('refuses anything else', () => {
    for (const bad of ['', '10.213.0.0', '10.213.0.0/', '10.213.0/16', '10.213.0.0.0/16', '256.0.0.0/8', '10.213.0.0/33', '10.01.0.0/16', '10.213.0.0/016', 'fd00::/64', '10.213.0.0/16x', '-1.0.0.0/8', '10.213.0.0 /16']) {
      expect(parseCidr(bad), bad).toBeUndefined();
    }
  });

  it('formats back and finds the range and gateway', () => {
    expect(formatCidr(c('10.213.4.16/28'))).toBe('10.213.4.16/28');
    expect(cidrRange(c('10.213.0.5/16'))).toEqual({ start: 0x0ad50000, end: 0x0ad5ffff });
    expect(firstHost(c('10.213.4.16/28'))).toBe('10.213.4.17');
  });
});

describe('subnetPoolProblem', () => {
  it('accepts /8 to /24 networks', () => {
    for (const ok of ['10.213.0.0/16', '10.0.0.0/8', '192.168.7.0/24', '172.16.0.0/12']) expect(subnetPoolProblem(ok), ok).toBeUndefined();
  });

  it('says what is wrong', () => {
    expect(subnetPoolProblem('banana')).toBe('must be an IPv4 network like 10.213.0.0/16');
    expect(subnetPoolProblem('10.0.0.0/7')).toMatch(/\/8 to \/24/);
    expect(subnetPoolProblem('10.213.0.0/25')).toMatch(/\/8 to \/24/);
    expect(subnetPoolProblem('10.213.0.5/16')).toBe('has host bits set: the network is 10.213.0.0/16');
  });
});

describe('overlaps', () => {
  it('compares ranges, whatever their sizes', () => {
    expect(overlaps(c('10.213.0.0/16'), c('10.213.7.16/28'))).toBe(true);
    expect(overlaps(c('10.213.7.16/28'), c('10.213.0.0/16'))).toBe(true);
    expect(overlaps(c('10.213.0.0/28'), c('10.213.0.16/28'))).toBe(false);
    expect(overlaps(c('10.212.255.240/28'), c('10.213.0.0/16'))).toBe(false);
    expect(overlaps(c('10.0.0.0/8'), c('10.255.255.255/32'))).toBe(true);
  });
});

describe('lowestFreeBlock', () => {
  it('takes the first /28 of an empty pool, ignoring networks outside it', () => {
    expect(free('10.213.0.0/16', [])).toBe('10.213.0.0/28');
    expect(free('10.213.0.0/16', ['172.17.0.0/16', '10.212.0.0/16', '10.214.0.0/16'])).toBe('10.213.0.0/28');
  });

  it('fills gaps from the bottom', () => {
    expect(free('10.213.0.0/16', ['10.213.0.0/28', '10.213.0.32/28'])).toBe('10.213.0.16/28');
    expect(free('10.213.0.0/16', ['10.213.0.32/28', '10.213.0.0/28', '10.213.0.16/28'])).toBe('10.213.0.48/28');
  });

  it('skips networks of other sizes that straddle blocks', () => {
    // A /24 at the start, a /30 and a /29 inside the next two /28s, then a /27.
    expect(free('10.213.0.0/16', ['10.213.0.0/24', '10.213.1.4/30', '10.213.1.24/29', '10.213.1.32/27'])).toBe('10.213.1.64/28');
    // A /29 in the upper half of a block still blocks that whole block.
    expect(free('10.213.0.0/16', ['10.213.0.8/29'])).toBe('10.213.0.16/28');
    // A network larger than the pool, and one written with host bits set.
    expect(free('10.213.0.0/16', ['10.0.0.0/8'])).toBeUndefined();
    expect(free('10.213.0.0/16', ['10.213.0.5/25'])).toBe('10.213.0.128/28');
    // Nested and duplicate ranges in any order.
    expect(free('10.213.0.0/16', ['10.213.0.16/28', '10.213.0.0/26', '10.213.0.0/26', '10.213.0.64/28'])).toBe('10.213.0.80/28');
  });

  it('returns undefined when the pool is exhausted', () => {
    const all = Array.from({ length: 16 }, (_, i) => `10.213.7.${i * 16}/28`);
    expect(free('10.213.7.0/24', all)).toBeUndefined();
    expect(free('10.213.7.0/24', all.slice(0, 15))).toBe('10.213.7.240/28');
    expect(free('10.213.7.0/24', ['10.213.7.0/25', '10.213.7.128/26', '10.213.7.192/27'])).toBe('10.213.7.224/28');
    expect(free('10.213.7.0/24', ['10.213.7.0/25', '10.213.7.128/26', '10.213.7.192/27', '10.213.7.224/27'])).toBeUndefined();
    expect(free('10.213.7.0/24', ['10.213.0.0/16'])).toBeUndefined();
  });

  it('finds the last block of a /8 pool quickly', () => {
    const taken = Array.from({ length: 4096 }, (_, i) => `10.${i >> 4}.${(i & 15) * 16}.0/20`);
    expect(free('10.0.0.0/8', [...taken.slice(0, 4095), '10.255.240.0/21', '10.255.248.0/22', '10.255.252.0/23', '10.255.254.0/24', '10.255.255.0/25', '10.255.255.128/26', '10.255.255.192/27', '10.255.255.224/28'])).toBe('10.255.255.240/28');
  });

  it('never returns a block that overlaps a taken network', () => {
    const taken = ['10.213.0.0/27', '10.213.0.40/29', '10.213.0.64/26', '10.213.1.0/24', '10.213.2.16/28'].map(c);
    const pool = c('10.213.0.0/22');
    const picked: Cidr[] = [];
    for (let block = lowestFreeBlock(pool, taken); block; block = lowestFreeBlock(pool, [...taken, ...picked])) picked.push(block);
    expect(picked.every((p) => taken.every((t) => !overlaps(p, t)))).toBe(true);
    expect(new Set(picked.map(formatCidr)).size).toBe(picked.length);
    // 64 blocks in the /22; taken: 2 + 1 + 4 + 16 + 1.
    expect(picked).toHaveLength(40);
    expect(formatCidr(picked[0])).toBe('10.213.0.48/28');
  });
});
