import 'server-only';
import type { Engine } from './types';
import { dockerCall, engineStatus } from './client';
import { LABEL_SERVICE, customerFilter } from './labels';
import { listLabelled } from './list-containers';

export interface ContainerState {
  id: string;
  name: string;
  service: string;
  image: string;
  /** created | running | paused | restarting | removing | exited | dead */
  state: string;
  exitCode: number;
  restartCount: number;
  startedAt?: Date;
  oomKilled: boolean;
}

/** State of each of a tenant's containers: one list call, then the inspections concurrently. */
export async function inspectStackContainers(engine: Engine, customerId: string): Promise<ContainerState[]> {
  const list = await listLabelled(engine, `list containers of ${customerId}`, customerFilter(customerId));
  const states = await Promise.all(
    list.map(async (c): Promise<ContainerState | undefined> => {
      try {
        const info = await dockerCall(engine, `inspect ${c.Id}`, (d) => d.getContainer(c.Id).inspect());
        const started = info.State.StartedAt && !info.State.StartedAt.startsWith('0001') ? new Date(info.State.StartedAt) : undefined;
        return {
          id: info.Id,
          name: info.Name.replace(/^\//, ''),
          service: info.Config.Labels?.[LABEL_SERVICE] ?? '',
          image: info.Config.Image,
          state: info.State.Status,
          exitCode: info.State.ExitCode,
          restartCount: info.RestartCount,
          startedAt: started,
          oomKilled: info.State.OOMKilled,
        };
      } catch (err) {
        // Removed between the list and the inspection: it no longer exists.
        if (engineStatus(err) === 404) return undefined;
        throw err;
      }
    }),
  );
  return states.filter((s): s is ContainerState => s !== undefined);
}
