import type { Readable } from 'node:stream';
import { dockerCall, engineStatus } from '../docker/client';
import type { Engine } from '../docker/engine';
import { LABEL_SERVICE } from '../docker/labels';
import { findStackContainers, startContainer, stopContainer } from '../docker/stack-containers';
import { errorMessage } from '../caught';
import { AppError } from '../errors';
import { log } from '../log';

/**
 * The tenant's files as the Docker Engine API serves them (archive endpoints, pause), never
 * through the appliance's own filesystem: the same code then serves tenants on another engine.
 */
export interface ServiceContainer {
  id: string;
  name: string;
  state: string;
}

export async function serviceContainer(engine: Engine, customerId: string, service: string): Promise<ServiceContainer> {
  const found = (await findStackContainers(engine, customerId)).find((c) => c.Labels?.[LABEL_SERVICE] === service);
  if (!found) throw new AppError('NOT_FOUND', `The tenant has no ${service} container: deploy it first.`);
  return { id: found.Id, name: (found.Names?.[0] ?? found.Id).replace(/^\//, ''), state: found.State };
}

/** A tar stream of `path` inside the container (works while it is paused or stopped). */
export async function readArchive(engine: Engine, containerId: string, path: string): Promise<Readable> {
  // cast: dockerode types the archive as NodeJS.ReadableStream; it is the HTTP response, a stream.Readable.
  return dockerCall(engine, `read ${path} of ${containerId}`, async (d) => (await d.getContainer(containerId).getArchive({ path })) as unknown as Readable);
}

/** Unpacks a tar stream into `path` inside the container; existing files are overwritten, none removed. */
export async function writeArchive(engine: Engine, containerId: string, path: string, tar: Readable): Promise<void> {
  await dockerCall(engine, `write ${path} of ${containerId}`, (d) => d.getContainer(containerId).putArchive(tar, { path }), 10 * 60_000);
}

export async function pause(engine: Engine, containerId: string): Promise<void> {
  await dockerCall(engine, `pause ${containerId}`, (d) => d.getContainer(containerId).pause());
}

/** Whether the container is paused now; a container that is gone is not. */
async function isPaused(engine: Engine, containerId: string): Promise<boolean> {
  try {
    const info = await dockerCall(engine, `inspect ${containerId}`, (d) => d.getContainer(containerId).inspect());
    return info.State?.Paused === true;
  } catch (err) {
    if (engineStatus(err) === 404) return false;
    throw err;
  }
}

/** The waits between unpause attempts: short and bounded, the tenant is frozen meanwhile. */
export const UNPAUSE_RETRY_MS = [200, 500, 1000];

/**
 * Unpauses; a container that is not paused (any more) or is gone is fine. When the engine
 * refuses (a 500 while the cgroup is busy, a dropped connection) the container's state decides:
 * still paused, it is tried again a few times; then the call fails loudly, naming the container,
 * because a tenant must never be left frozen without anyone knowing.
 */
export async function unpause(engine: Engine, containerId: string, retryMs: readonly number[] = UNPAUSE_RETRY_MS): Promise<void> {
  let last: unknown;
  for (let attempt = 0; attempt <= retryMs.length; attempt++) {
    try {
      await dockerCall(engine, `unpause ${containerId}`, (d) => d.getContainer(containerId).unpause());
      return;
    } catch (err) {
      // 409: not paused; 404: gone. Either way nothing is frozen.
      if ([404, 409].includes(engineStatus(err) ?? 0)) return;
      last = err;
    }
    const paused = await isPaused(engine, containerId).catch((err: unknown) => {
      last = err;
      return true;
    });
    if (!paused) return;
    if (attempt < retryMs.length) await new Promise((r) => setTimeout(r, retryMs[attempt]));
  }
  const reason = errorMessage(last);
  log.error('TENANT CONTAINER LEFT PAUSED: unpause failed after retries', { engine: engine.id, container: containerId, error: reason });
  throw new AppError('BACKUP_FAILED', `The container ${containerId} could not be unpaused after ${retryMs.length + 1} attempts and may still be paused (docker unpause ${containerId}): ${reason}`);
}

/** True unless the engine says the container is not paused: callers treat "unknown" as paused. */
export async function mayBePaused(engine: Engine, containerId: string): Promise<boolean> {
  return isPaused(engine, containerId).catch(() => true);
}

export { startContainer, stopContainer };
