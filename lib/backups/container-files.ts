import type { Readable } from 'node:stream';
import { dockerCall, engineStatus } from '../docker/client';
import type { Engine } from '../docker/engine';
import { LABEL_SERVICE } from '../docker/labels';
import { findStackContainers, startContainer, stopContainer } from '../docker/stack-containers';
import { AppError } from '../errors';

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

/** Unpauses; a container that is not paused (any more) is fine. */
export async function unpause(engine: Engine, containerId: string): Promise<void> {
  await dockerCall(engine, `unpause ${containerId}`, async (d) => {
    try {
      await d.getContainer(containerId).unpause();
    } catch (err) {
      // 409: not paused; 404: gone. Either way nothing is frozen.
      if (![404, 409, 500].includes(engineStatus(err) ?? 0)) throw err;
    }
  });
}

export { startContainer, stopContainer };
