/**
 * IPv4 CIDR arithmetic for tenant networks. Pure (no engine, no settings), so the settings
 * schema validates the pool with the very parser the allocator uses.
 */
export interface Cidr {
  /** The network address as an unsigned 32-bit number. */
  base: number;
  prefix: number;
}

/** Each tenant network's size: 14 hosts, enough for one stack's five containers. */
export const TENANT_BLOCK_PREFIX = 28;
export const POOL_MIN_PREFIX = 8;
export const POOL_MAX_PREFIX = 24;

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => OCTET.test(p))) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

export function formatIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** `a.b.c.d/n` as written (host bits kept), or undefined when it is not IPv4 CIDR notation. */
export function parseCidr(text: string): Cidr | undefined {
  const match = /^([\d.]+)\/(\d{1,2})$/.exec(text.trim());
  if (!match) return undefined;
  const base = parseIpv4(match[1]);
  const prefix = Number(match[2]);
  if (base === undefined || prefix > 32 || String(prefix) !== match[2]) return undefined;
  return { base, prefix };
}

export function formatCidr(c: Cidr): string {
  return `${formatIpv4(c.base)}/${c.prefix}`;
}

function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

/** First and last address the network covers (host bits of `base` ignored). */
export function cidrRange(c: Cidr): { start: number; end: number } {
  const size = blockSize(c.prefix);
  const start = Math.floor(c.base / size) * size;
  return { start, end: start + size - 1 };
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  const x = cidrRange(a);
  const y = cidrRange(b);
  return x.start <= y.end && y.start <= x.end;
}

/** Why `text` is not a usable subnet pool, or undefined when it is. */
export function subnetPoolProblem(text: string): string | undefined {
  const c = parseCidr(text);
  if (!c) return 'must be an IPv4 network like 10.213.0.0/16';
  if (c.prefix < POOL_MIN_PREFIX || c.prefix > POOL_MAX_PREFIX) {
    return `must be a /${POOL_MIN_PREFIX} to /${POOL_MAX_PREFIX} network like 10.213.0.0/16`;
  }
  const start = cidrRange(c).start;
  if (start !== c.base) return `has host bits set: the network is ${formatCidr({ base: start, prefix: c.prefix })}`;
  return undefined;
}

/**
 * The lowest block of `/prefix` inside `pool` that overlaps none of `taken`, or undefined
 * when the pool is full. Walks the taken ranges in order and jumps past each one that is in
 * the way, so a /8 pool with thousands of networks costs a sort, not a million probes.
 */
export function lowestFreeBlock(pool: Cidr, taken: Cidr[], prefix = TENANT_BLOCK_PREFIX): Cidr | undefined {
  const size = blockSize(prefix);
  const limit = cidrRange(pool);
  const ranges = taken.map(cidrRange).sort((x, y) => x.start - y.start);
  let candidate = limit.start;
  for (const r of ranges) {
    if (r.end < candidate) continue;
    if (r.start > candidate + size - 1) break;
    candidate = Math.ceil((r.end + 1) / size) * size;
    if (candidate > limit.end) return undefined;
  }
  return candidate + size - 1 <= limit.end ? { base: candidate, prefix } : undefined;
}

/** The first host of a network: where Docker puts the bridge's gateway. */
export function firstHost(c: Cidr): string {
  return formatIpv4(cidrRange(c).start + 1);
}
