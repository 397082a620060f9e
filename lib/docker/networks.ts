import type Docker from 'dockerode';
import { AppError } from '../errors';
import { dockerCall, engineMessage, engineStatus } from './client';

/**
 * The engine does not reliably refuse a second network of the same name when two creates
 * race (CheckDuplicate is best effort), and a duplicate makes every later use of the name
 * "ambiguous". So creates of one name are serialised in this process, and a duplicate that
 * still appears (another process) is cleaned up, keeping the oldest.
 */
const pending = new Map<string, Promise<void>>();

async function networksNamed(name: string): Promise<Docker.NetworkInspectInfo[]> {
  const list = await dockerCall(`list networks ${name}`, (d) => d.listNetworks({ filters: { name: [name] } }));
  // The name filter matches substrings; keep exact matches only.
  return list.filter((n) => n.Name === name).sort((x, y) => x.Created.localeCompare(y.Created));
}

async function removeDuplicates(found: Docker.NetworkInspectInfo[]): Promise<void> {
  for (const extra of found.slice(1)) {
    await dockerCall(`remove duplicate network ${extra.Id}`, async (d) => {
      try {
        await d.getNetwork(extra.Id).remove();
      } catch (err) {
        // In use or already gone: leave it; the engine resolves a name to the oldest it can.
        if (![403, 404, 409].includes(engineStatus(err) ?? 0)) throw err;
      }
    });
  }
}

async function createIfMissing(name: string, labels: Record<string, string>): Promise<void> {
  const found = await networksNamed(name);
  if (found.length === 0) {
    await dockerCall(`create network ${name}`, async (d) => {
      try {
        await d.createNetwork({ Name: name, Driver: 'bridge', CheckDuplicate: true, Labels: labels });
      } catch (err) {
        if (engineStatus(err) !== 409) throw new AppError('INTERNAL', `Could not create Docker network ${name}: ${engineMessage(err)}`);
      }
    });
  }
  const now = found.length > 1 ? found : await networksNamed(name);
  if (now.length > 1) await removeDuplicates(now);
}

/** Creates a bridge network unless one of that name exists. Safe to call concurrently. */
export async function ensureNetwork(name: string, labels: Record<string, string> = {}): Promise<void> {
  const before = pending.get(name) ?? Promise.resolve();
  const mine = before.catch(() => undefined).then(() => createIfMissing(name, labels));
  pending.set(name, mine);
  try {
    await mine;
  } finally {
    if (pending.get(name) === mine) pending.delete(name);
  }
}

/** Removes a network; a missing one is fine. Containers must be gone first. */
export async function removeNetwork(name: string): Promise<void> {
  for (const n of await networksNamed(name)) {
    await dockerCall(`remove network ${name}`, async (d) => {
      try {
        await d.getNetwork(n.Id).remove();
      } catch (err) {
        if (engineStatus(err) !== 404) throw err;
      }
    });
  }
}

export async function connectNetwork(network: string, containerId: string, aliases: string[] = []): Promise<void> {
  await dockerCall(`connect ${containerId} to ${network}`, (d) =>
    d.getNetwork(network).connect({ Container: containerId, EndpointConfig: { Aliases: aliases } }),
  );
}
