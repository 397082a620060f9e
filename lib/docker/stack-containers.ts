import 'server-only';
import type { Engine } from './types';
import type Docker from 'dockerode';
import { AppError } from '../errors';
import { dockerCall, engineStatus } from './client';
import { containerCreateOptions } from './container-options';
import { LABEL_CUSTOMER, LABEL_SERVICE, customerFilter } from './labels';
import { listLabelled } from './list-containers';
import { connectNetwork } from './networks';
import type { ContainerSpec, StackSpec } from './types';

const STOP_GRACE_S = 10;
const STOP_TIMEOUT_MS = (STOP_GRACE_S + 10) * 1000;
/**
 * A start waits for the engine to set up the container's network and mounts; with dozens of
 * starts queued inside a busy engine that exceeds the default call timeout without anything
 * being wrong, and cutting it off only makes the job retry into the same queue.
 */
const START_TIMEOUT_MS = 90_000;

export interface ContainerRef {
  name: string;
  id: string;
}

/** The tenant's live containers, found by the customer label; containers a redeploy renamed aside are not among them. */
export async function findStackContainers(engine: Engine, customerId: string): Promise<Docker.ContainerInfo[]> {
  return listLabelled(engine, `list containers of ${customerId}`, customerFilter(customerId));
}

/** The tenant's containers a redeploy renamed aside (see lib/docker/swap-stack). */
export async function findRetiredContainers(engine: Engine, customerId: string): Promise<Docker.ContainerInfo[]> {
  return listLabelled(engine, `list retired containers of ${customerId}`, customerFilter(customerId), 'only');
}

function phases(spec: StackSpec): ContainerSpec[][] {
  return [0, 1].map((p) => spec.containers.filter((c) => c.phase === p));
}

async function ignoreState(run: () => Promise<unknown>, okStatus: number[]): Promise<void> {
  try {
    await run();
  } catch (err) {
    // 304 = already started/stopped, 404 = already gone: both are the state asked for.
    if (!okStatus.includes(engineStatus(err) ?? 0)) throw err;
  }
}

export async function startContainer(engine: Engine, c: ContainerRef): Promise<void> {
  await dockerCall(engine, `start ${c.name}`, (d) => ignoreState(() => d.getContainer(c.id).start(), [304]), START_TIMEOUT_MS);
}

export async function stopContainer(engine: Engine, c: ContainerRef): Promise<void> {
  await dockerCall(engine, `stop ${c.name}`, (d) => ignoreState(() => d.getContainer(c.id).stop({ t: STOP_GRACE_S }), [304, 404]), STOP_TIMEOUT_MS);
}

export async function stopAndRemove(engine: Engine, id: string): Promise<void> {
  await stopContainer(engine, { name: id, id });
  // With force, 409 only means another removal of the same container is already under way.
  await dockerCall(engine, `remove ${id}`, (d) => ignoreState(() => d.getContainer(id).remove({ force: true }), [404, 409]));
}

/** Refuses to touch a container that holds one of our names but is not this tenant's. */
export async function assertNamesFree(engine: Engine, spec: StackSpec): Promise<void> {
  const names = spec.containers.map((c) => c.name);
  const found = await dockerCall(engine, 'list containers by name', (d) =>
    d.listContainers({ all: true, filters: { name: names.map((n) => `^/${n}$`) } }),
  );
  const foreign = found.filter((c) => c.Labels?.[LABEL_CUSTOMER] !== spec.customerId);
  if (foreign.length) {
    const list = foreign.map((c) => c.Names.join(',')).join(', ');
    throw new AppError('CONFLICT', `Container name(s) ${list} belong to another owner; remove them before deploying ${spec.subdomain}`);
  }
}

async function createOne(engine: Engine, c: ContainerSpec): Promise<void> {
  const created = await dockerCall(engine, `create ${c.name}`, (d) => d.createContainer(containerCreateOptions(c)));
  // The name as an alias here too (see container-options): a proxy forwarding by container name
  // reaches a Caddy renamed aside during a redeploy until its successor starts.
  for (const network of c.networks.slice(1)) await connectNetwork(engine, network, created.id, [c.name]);
}

/** Like Promise.all, but every call settles before the first failure is thrown, so none is still under way behind the caller's cleanup. */
async function settleAll<T>(items: T[], run: (item: T) => Promise<void>): Promise<void> {
  const results = await Promise.allSettled(items.map(run));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Creates the spec's containers (not started). */
export async function createStackContainers(engine: Engine, spec: StackSpec): Promise<void> {
  await settleAll(spec.containers, (c) => createOne(engine, c));
}

/** The tenant's containers by phase, resolved by label so a same-named foreign container is never touched. */
async function containerIdsByPhase(engine: Engine, spec: StackSpec): Promise<ContainerRef[][]> {
  const existing = await findStackContainers(engine, spec.customerId);
  const byService = new Map(existing.map((c) => [c.Labels?.[LABEL_SERVICE], c.Id]));
  const missing = spec.containers.filter((c) => !byService.has(c.service)).map((c) => c.name);
  if (missing.length) throw new AppError('NOT_FOUND', `Container(s) ${missing.join(', ')} do not exist; redeploy ${spec.subdomain}`);
  return phases(spec).map((group) => group.map((c) => ({ name: c.name, id: byService.get(c.service) ?? '' })));
}

/**
 * Starts all five containers at once. Caddy resolves its upstreams per request, so it needs
 * no head start; until a service is up its routes answer 502, and the health step waits for that.
 */
export async function startStack(engine: Engine, spec: StackSpec): Promise<void> {
  await settleAll((await containerIdsByPhase(engine, spec)).flat(), (c) => startContainer(engine, c));
}

/** Stops the stack in reverse order: Caddy first, so no request reaches a stopping service. */
export async function stopStack(engine: Engine, spec: StackSpec): Promise<void> {
  for (const group of (await containerIdsByPhase(engine, spec)).reverse()) await Promise.all(group.map((c) => stopContainer(engine, c)));
}

export async function restartStack(engine: Engine, spec: StackSpec): Promise<void> {
  await stopStack(engine, spec);
  await startStack(engine, spec);
}

/** Removes every container carrying the tenant's customer label (whatever its name, retired ones included). */
export async function removeStackContainers(engine: Engine, customerId: string): Promise<void> {
  const existing = await listLabelled(engine, `list all containers of ${customerId}`, customerFilter(customerId), 'include');
  await Promise.all(existing.map((c) => stopAndRemove(engine, c.Id)));
}
