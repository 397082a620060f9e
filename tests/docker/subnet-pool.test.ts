import { RUN_ID, removeTmp } from './harness';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { dockerClient, overrideDocker } from '../../lib/docker/client';
import { ensureNetwork } from '../../lib/docker/networks';
import { cidrRange, overlaps, parseCidr, type Cidr } from '../../lib/docker/subnet-pool';
import { isAppError } from '../../lib/errors';
import { removeByCustomer } from './docker-helpers';
import { localEngine } from '../../lib/docker/engine';
import Docker from 'dockerode';
import type { Engine } from '../../lib/docker/types';

const engine = localEngine();

/**
 * Tenant networks from a subnet pool on the real engine. Each run takes pools of its own at
 * random in 10.250–10.252 (never the default 10.213.0.0/16), and removes every network it made.
 */
const prefix = `netbird-msp-test-${RUN_ID}-pool`;
const pick = (n: number) => Math.floor(Math.random() * n);
const created: string[] = [];

function name(suffix: string): string {
  const full = `${prefix}-${suffix}`;
  created.push(full);
  return full;
}

async function subnetOf(network: string): Promise<{ subnet: string; gateway: string }> {
  const info: { IPAM?: { Config?: { Subnet?: string; Gateway?: string }[] } } = await dockerClient().getNetwork(network).inspect();
  const config = info.IPAM?.Config?.[0];
  return { subnet: config?.Subnet ?? '', gateway: config?.Gateway ?? '' };
}

function cidr(text: string): Cidr {
  const c = parseCidr(text);
  if (!c) throw new Error(`not a CIDR: ${text}`);
  return c;
}

function inside(block: string, pool: string): boolean {
  const b = cidrRange(cidr(block));
  const p = cidrRange(cidr(pool));
  return b.start >= p.start && b.end <= p.end;
}

afterEach(async () => {
  await removeByCustomer([], created.splice(0));
});

afterAll(() => {
  overrideDocker(undefined);
  removeTmp();
});

describe('tenant networks from a subnet pool', () => {
  it('gives a tenant network the /28 at the start of an empty pool, gateway first, and reuses it as it is', async () => {
    const third = pick(256);
    const pool = `10.252.${third}.0/24`;
    const net = name('a');
    await ensureNetwork(engine, net, { 'netbird-msp.subdomain': 'a' }, pool);
    expect(await subnetOf(net)).toEqual({ subnet: `10.252.${third}.0/28`, gateway: `10.252.${third}.1` });
    // A redeploy with another pool in force keeps the network and its subnet.
    await ensureNetwork(engine, net, {}, '10.251.0.0/16');
    expect((await subnetOf(net)).subnet).toBe(`10.252.${third}.0/28`);
  });

  it('gives concurrent creates distinct, non-overlapping blocks', async () => {
    const pool = `10.252.${pick(256)}.0/24`;
    const nets = Array.from({ length: 5 }, (_, i) => name(`c${i}`));
    await Promise.all(nets.map((n) => ensureNetwork(engine, n, {}, pool)));
    const subnets = await Promise.all(nets.map(async (n) => (await subnetOf(n)).subnet));
    expect(subnets.every((s) => s.endsWith('/28') && inside(s, pool))).toBe(true);
    for (const [i, s] of subnets.entries()) for (const t of subnets.slice(i + 1)) expect(overlaps(cidr(s), cidr(t)), `${s} ${t}`).toBe(false);
  });

  it('holds more than 31 tenant networks at once', async () => {
    const pool = `10.250.${pick(64) * 4}.0/22`;
    const nets = Array.from({ length: 40 }, (_, i) => name(`m${i}`));
    await Promise.all(nets.map((n) => ensureNetwork(engine, n, {}, pool)));
    const all = await dockerClient().listNetworks();
    const mine = all.filter((n) => nets.includes(n.Name));
    expect(mine).toHaveLength(40);
    const subnets = mine.map((n) => n.IPAM?.Config?.[0]?.Subnet ?? '');
    expect(new Set(subnets).size).toBe(40);
    expect(subnets.every((s) => s.endsWith('/28') && inside(s, pool))).toBe(true);
  });

  it("works around other tools' networks and answers CONFLICT once the pool is full", async () => {
    const third = pick(256);
    const pool = `10.251.${third}.0/24`;
    // Networks made without the appliance leave only .192/28 and .208/28 of the pool free.
    for (const [suffix, subnet] of [['f1', `10.251.${third}.0/25`], ['f2', `10.251.${third}.128/26`], ['f3', `10.251.${third}.224/27`]]) {
      await dockerClient().createNetwork({ Name: name(suffix), IPAM: { Driver: 'default', Config: [{ Subnet: subnet }] } });
    }
    const [x, y, z] = [name('x'), name('y'), name('z')];
    await ensureNetwork(engine, x, {}, pool);
    await ensureNetwork(engine, y, {}, pool);
    expect([(await subnetOf(x)).subnet, (await subnetOf(y)).subnet]).toEqual([`10.251.${third}.192/28`, `10.251.${third}.208/28`]);
    const err = await ensureNetwork(engine, z, {}, pool).then(() => undefined, (e: unknown) => e);
    expect(isAppError(err, 'CONFLICT')).toBe(true);
    expect((err as Error).message).toBe(`No free /28 left in docker_subnet_pool ${pool}; widen it in Settings → System`);
    expect((await dockerClient().listNetworks({ filters: { name: [z] } })).filter((n) => n.Name === z)).toHaveLength(0);
  });
});

describe('a race with another process', () => {
  it('moves on to the next block when the engine reports an overlap', async () => {
    // A stand-in engine: no networks listed, the first create refused as overlapping.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pool-engine-'));
    const socket = path.join(dir, 'docker.sock');
    const creates: { IPAM?: { Config?: { Subnet?: string; Gateway?: string }[] } }[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        res.setHeader('Content-Type', 'application/json');
        if (req.method === 'POST' && req.url?.startsWith('/networks/create')) {
          creates.push(JSON.parse(body));
          if (creates.length === 1) res.writeHead(403).end(JSON.stringify({ message: 'Pool overlaps with other one on this address space' }));
          else res.writeHead(201).end(JSON.stringify({ Id: 'n1', Warning: '' }));
        } else if (req.method === 'GET' && req.url?.startsWith('/networks')) {
          res.writeHead(200).end('[]');
        } else {
          res.writeHead(404).end(JSON.stringify({ message: 'not here' }));
        }
      });
    });
    await new Promise<void>((r) => server.listen(socket, r));
    try {
      overrideDocker({ host: `unix://${socket}` });
      await ensureNetwork(engine, `${prefix}-race`, {}, '10.252.0.0/24');
      expect(creates.map((c) => c.IPAM?.Config?.[0])).toEqual([
        { Subnet: '10.252.0.0/28', Gateway: '10.252.0.1' },
        { Subnet: '10.252.0.16/28', Gateway: '10.252.0.17' },
      ]);
    } finally {
      overrideDocker(undefined);
      await new Promise((r) => server.close(r));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('engines do not wait for each other', () => {
  it("creates a network on one engine while another engine's create hangs", async () => {
    // A stand-in engine whose network create does not answer until the test lets it.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pool-stalled-'));
    const socket = path.join(dir, 'docker.sock');
    let release: () => void = () => undefined;
    const released = new Promise<void>((r) => (release = r));
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.setHeader('Content-Type', 'application/json');
        if (req.method === 'POST' && req.url?.startsWith('/networks/create')) {
          void released.then(() => res.writeHead(201).end(JSON.stringify({ Id: 'n1', Warning: '' })));
        } else if (req.method === 'GET' && req.url?.startsWith('/networks')) {
          res.writeHead(200).end('[]');
        } else {
          res.writeHead(404).end(JSON.stringify({ message: 'not here' }));
        }
      });
    });
    await new Promise<void>((r) => server.listen(socket, r));
    const client = new Docker({ socketPath: socket });
    const stalled: Engine = { id: `stalled-${RUN_ID}`, docker: () => client, describe: () => `unix://${socket}` };
    try {
      const slow = ensureNetwork(stalled, `${prefix}-stalled`, {}, '10.252.0.0/24');
      const slowDone = slow.then(() => 'done', () => 'failed');
      // Let the stalled create reach the stand-in before the local one starts.
      await new Promise((r) => setTimeout(r, 300));
      const net = name('beside');
      const local = ensureNetwork(engine, net, {}, `10.252.${pick(256)}.0/24`).then(() => 'done');
      const first = await Promise.race([local, new Promise((r) => setTimeout(() => r('timed out'), 20_000))]);
      expect(first).toBe('done');
      expect((await subnetOf(net)).subnet).toMatch(/\/28$/);
      expect(await Promise.race([slowDone, Promise.resolve('pending')])).toBe('pending');
      release();
      expect(await slowDone).toBe('done');
    } finally {
      release();
      await new Promise((r) => server.close(r));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
