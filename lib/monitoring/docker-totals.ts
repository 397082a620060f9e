import 'server-only';
import { z } from 'zod';
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

const engineInfoSchema = z.object({
  ServerVersion: z.string().optional(),
  Containers: z.number().optional(),
  ContainersRunning: z.number().optional(),
  ContainersPaused: z.number().optional(),
  ContainersStopped: z.number().optional(),
  Images: z.number().optional(),
  NCPU: z.number().optional(),
  MemTotal: z.number().optional(),
});
type EngineInfo = z.infer<typeof engineInfoSchema>;

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
  const info = engineInfoSchema.parse(await dockerCall(engine, 'docker info', (d) => d.info(), 5_000));
  return toDockerTotals(info);
}
