import 'server-only';
import { AppError } from '../errors';
import { dockerClient, dockerHost } from './client';
import type { Engine } from './types';

export type { Engine };

export const LOCAL_ENGINE_ID = 'local';

const LOCAL: Engine = {
  id: LOCAL_ENGINE_ID,
  docker: () => dockerClient(),
  describe: () => dockerHost(),
};

/** The appliance's own engine. */
export function localEngine(): Engine {
  return LOCAL;
}

/**
 * What an engine is resolved from: a deployment (or anything carrying the id of the host it
 * runs on), an engine id, or nothing (the local engine).
 */
export type EngineRef = object | string | null | undefined;

function engineIdOf(ref: object | null | undefined): string | undefined {
  const id = ref && 'engineId' in ref ? ref.engineId : undefined;
  return typeof id === 'string' && id ? id : undefined;
}

/** The engine a tenant's deployment runs on. Only the local engine exists for now; an unknown id is refused. */
export function engineFor(ref?: EngineRef): Engine {
  const id = typeof ref === 'string' ? ref : (engineIdOf(ref) ?? LOCAL_ENGINE_ID);
  if (id === LOCAL_ENGINE_ID) return LOCAL;
  throw new AppError('DOCKER_UNAVAILABLE', `No Docker Engine "${id}" is known to this appliance`);
}

/** Every engine the appliance manages, for fleet-wide reads (status snapshot, monitoring, events). */
export function allEngines(): Engine[] {
  return [LOCAL];
}
