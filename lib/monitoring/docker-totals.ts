import 'server-only';
import type { Engine } from '../docker/types';
import { dockerCall } from '../docker/client';

export interface DockerTotals {
  serverVersion: string;
  containers: number;
  running: number;
  paused: number;
  stopped: number;
  images: number;
  cpus: number;
  memoryBytes: number;
}

interface EngineInfo {
  ServerVersion?: string;
  Containers?: number;
  ContainersRunning?: number;
  ContainersPaused?: number;
  ContainersStopped?: number;
  Images?: number;
  NCPU?: number;
  MemTotal?: number;
}

export function toDockerTotals(info: EngineInfo): DockerTotals {
  return {
    serverVersion: info.ServerVersion ?? '',
    containers: info.Containers ?? 0,
    running: info.ContainersRunning ?? 0,
    paused: info.ContainersPaused ?? 0,
    stopped: info.ContainersStopped ?? 0,
    images: info.Images ?? 0,
    cpus: info.NCPU ?? 0,
    memoryBytes: info.MemTotal ?? 0,
  };
}

/** Engine-wide totals from one `docker info` call; the sampler caches the answer. */
export async function readDockerTotals(engine: Engine): Promise<DockerTotals> {
  const info = (await dockerCall(engine, 'docker info', (d) => d.info(), 5_000)) as EngineInfo;
  return toDockerTotals(info);
}
