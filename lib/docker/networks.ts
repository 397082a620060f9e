import { AppError } from '../errors';
import { dockerCall, engineStatus } from './client';

/** Creates a bridge network unless one of that name exists. Safe to call concurrently. */
export async function ensureNetwork(name: string, labels: Record<string, string> = {}): Promise<void> {
  const exists = await dockerCall(`inspect network ${name}`, async (d) => {
    try {
      await d.getNetwork(name).inspect();
      return true;
    } catch (err) {
      if (engineStatus(err) === 404) return false;
      throw err;
    }
  });
  if (exists) return;
  await dockerCall(`create network ${name}`, async (d) => {
    try {
      await d.createNetwork({ Name: name, Driver: 'bridge', CheckDuplicate: true, Labels: labels });
    } catch (err) {
      // Another deploy created it meanwhile: that is the state we want.
      if (engineStatus(err) !== 409) throw new AppError('INTERNAL', `Could not create Docker network ${name}: ${String(err)}`);
    }
  });
}

/** Removes a network; a missing one is fine. Containers must be gone first. */
export async function removeNetwork(name: string): Promise<void> {
  await dockerCall(`remove network ${name}`, async (d) => {
    try {
      await d.getNetwork(name).remove();
    } catch (err) {
      if (engineStatus(err) !== 404) throw err;
    }
  });
}

export async function connectNetwork(network: string, containerId: string, aliases: string[] = []): Promise<void> {
  await dockerCall(`connect ${containerId} to ${network}`, (d) =>
    d.getNetwork(network).connect({ Container: containerId, EndpointConfig: { Aliases: aliases } }),
  );
}
