import 'server-only';
import type { Engine } from './types';
import type Docker from 'dockerode';
import { AppError } from '../errors';
import { dockerCall, engineMessage, engineStatus } from './client';
import { firstHost, formatCidr, lowestFreeBlock, parseCidr, TENANT_BLOCK_PREFIX, type Cidr } from './subnet-pool';
import { globalSingleton } from '../global-singleton';

/**
 * The engine does not reliably refuse a second network of the same name when two creates
 * race (CheckDuplicate is best effort), and a duplicate makes every later use of the name
 * "ambiguous". So creates of one name on one engine are serialised in this process, and a duplicate that
 * still appears (another process) is cleaned up, keeping the oldest.
 */
const pending = new Map<string, Promise<void>>();

async function networksNamed(engine: Engine, name: string): Promise<Docker.NetworkInspectInfo[]> {
  const list = await dockerCall(engine, `list networks ${name}`, (d) => d.listNetworks({ filters: { name: [name] } }));
  // The name filter matches substrings; keep exact matches only.
  return list.filter((n) => n.Name === name).sort((x, y) => x.Created.localeCompare(y.Created));
}

async function removeDuplicates(engine: Engine, found: Docker.NetworkInspectInfo[]): Promise<void> {
  for (const extra of found.slice(1)) {
    await dockerCall(engine, `remove duplicate network ${extra.Id}`, async (d) => {
      try {
        await d.getNetwork(extra.Id).remove();
      } catch (err) {
        // In use or already gone: leave it; the engine resolves a name to the oldest it can.
        if (![403, 404, 409].includes(engineStatus(err) ?? 0)) throw err;
      }
    });
  }
}

type CreateOutcome = 'created' | 'exists' | 'overlap';

/**
 * Creating a network programs the bridge and the packet filter; on a loaded host that took over
 * 15 s (load ~35 on 2 cores), and a create cut off by the deadline still completes on the engine,
 * so the retry made a second network of the same name. Creates get a longer deadline.
 */
const NETWORK_CREATE_TIMEOUT_MS = 60_000;

async function createBridge(engine: Engine, name: string, labels: Record<string, string>, subnet?: Cidr): Promise<CreateOutcome> {
  const ipam = subnet && { Driver: 'default', Config: [{ Subnet: formatCidr(subnet), Gateway: firstHost(subnet) }] };
  return dockerCall(engine, `create network ${name}`, async (d) => {
    try {
      await d.createNetwork({ Name: name, Driver: 'bridge', CheckDuplicate: true, Labels: labels, ...(ipam ? { IPAM: ipam } : {}) });
      return 'created';
    } catch (err) {
      if (engineStatus(err) === 409) return 'exists';
      if (subnet && engineStatus(err) === 403 && /overlap/i.test(engineMessage(err))) return 'overlap';
      throw new AppError('INTERNAL', `Could not create Docker network ${name}: ${engineMessage(err)}`);
    }
  }, NETWORK_CREATE_TIMEOUT_MS);
}

/** Every IPv4 subnet the engine's networks hold, whoever created them. One list call. */
async function usedSubnets(engine: Engine): Promise<Cidr[]> {
  const all = await dockerCall(engine, 'list networks', (d) => d.listNetworks());
  return all.flatMap((n) => n.IPAM?.Config ?? []).flatMap((c) => parseCidr(c.Subnet ?? '') ?? []);
}

/**
 * Picking a block and the create that claims it run one at a time per engine in this process,
 * so two concurrent deploys on one engine never pick the same block. Each engine has its own
 * networks, so engines do not wait for each other: a slow create on one host (the packet filter
 * of a loaded box) must not hold up deploys on the others. The queues live on globalThis because
 * Next.js may load this module more than once in one server. Another process that races us
 * shows up as the engine's overlap error, and the next free block is tried.
 */
const globalForNetworks = globalSingleton<{ queues: Map<string, Promise<unknown>> }>('netbirdSubnetQueues', () => ({ queues: new Map() }));
const OVERLAP_ATTEMPTS = 5;

function oneAtATimeOn<T>(engine: Engine, task: () => Promise<T>): Promise<T> {
  const queues = globalForNetworks.queues;
  const run = (queues.get(engine.id) ?? Promise.resolve()).then(task);
  const tail = run.catch(() => undefined);
  queues.set(engine.id, tail);
  // Forget an idle engine's queue so removed hosts leave nothing behind.
  void tail.then(() => {
    if (queues.get(engine.id) === tail) queues.delete(engine.id);
  });
  return run;
}

async function createInPool(engine: Engine, name: string, labels: Record<string, string>, subnetPool: string): Promise<void> {
  const pool = parseCidr(subnetPool);
  if (!pool) throw new AppError('VALIDATION_FAILED', `docker_subnet_pool "${subnetPool}" is not an IPv4 network like 10.213.0.0/16`);
  const refused: Cidr[] = [];
  for (let attempt = 0; attempt < OVERLAP_ATTEMPTS; attempt++) {
    const block = lowestFreeBlock(pool, [...(await usedSubnets(engine)), ...refused]);
    if (!block) {
      throw new AppError('CONFLICT', `No free /${TENANT_BLOCK_PREFIX} left in docker_subnet_pool ${subnetPool}; widen it in Settings → System`);
    }
    if ((await createBridge(engine, name, labels, block)) !== 'overlap') return;
    refused.push(block);
  }
  throw new AppError('CONFLICT', `Docker refused ${OVERLAP_ATTEMPTS} subnets of docker_subnet_pool ${subnetPool} as overlapping; another tool may be creating networks in it`);
}

async function createIfMissing(engine: Engine, name: string, labels: Record<string, string>, subnetPool?: string): Promise<void> {
  const found = await networksNamed(engine, name);
  if (found.length === 0) {
    if (subnetPool) await oneAtATimeOn(engine, () => createInPool(engine, name, labels, subnetPool));
    else await createBridge(engine, name, labels);
  }
  const now = found.length > 1 ? found : await networksNamed(engine, name);
  if (now.length > 1) await removeDuplicates(engine, now);
}

/**
 * Creates a bridge network unless one of that name exists (which is reused as it is). With a
 * subnet pool the network gets the lowest free /28 of it; without one, the engine picks from
 * its default address pools. Safe to call concurrently.
 */
export async function ensureNetwork(engine: Engine, name: string, labels: Record<string, string> = {}, subnetPool?: string): Promise<void> {
  // Names are per engine: a move creates the tenant's network on the target while the source's exists.
  const key = `${engine.id}\u0000${name}`;
  const before = pending.get(key) ?? Promise.resolve();
  const mine = before.catch(() => undefined).then(() => createIfMissing(engine, name, labels, subnetPool));
  pending.set(key, mine);
  try {
    await mine;
  } finally {
    if (pending.get(key) === mine) pending.delete(key);
  }
}

/** Removes a network; a missing one is fine. Containers must be gone first. */
export async function removeNetwork(engine: Engine, name: string): Promise<void> {
  for (const n of await networksNamed(engine, name)) {
    await dockerCall(engine, `remove network ${name}`, async (d) => {
      try {
        await d.getNetwork(n.Id).remove();
      } catch (err) {
        if (engineStatus(err) !== 404) throw err;
      }
    });
  }
}

export async function connectNetwork(engine: Engine, network: string, containerId: string, aliases: string[] = []): Promise<void> {
  await dockerCall(engine, `connect ${containerId} to ${network}`, (d) =>
    d.getNetwork(network).connect({ Container: containerId, EndpointConfig: { Aliases: aliases } }),
  );
}
