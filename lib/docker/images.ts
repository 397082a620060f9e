import 'server-only';
import type { Engine } from './types';
import type Docker from 'dockerode';
import { AppError } from '../errors';
import { dockerCall, engineMessage, engineStatus } from './client';
import { registryOf } from './image-ref';

export interface PullProgress {
  image: string;
  status: string;
  id?: string;
  current?: number;
  total?: number;
}

const PULL_TIMEOUT_MS = 15 * 60_000;

/** Whether the engine has `image` (a 404 is "no"; any other failure is thrown). */
export async function imagePresent(engine: Engine, image: string): Promise<boolean> {
  return dockerCall(engine, `inspect image ${image}`, async (d) => {
    try {
      await d.getImage(image).inspect();
      return true;
    } catch (err) {
      if (engineStatus(err) === 404) return false;
      throw err;
    }
  });
}

interface ProgressEvent {
  status?: string;
  id?: string;
  error?: string;
  progressDetail?: { current?: number; total?: number };
}

/** Pulls one image and waits for the stream to finish; an error event in the stream fails the pull. */
function pullImage(docker: Docker, image: string, onProgress?: (p: PullProgress) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    docker.pull(image, (err: unknown, stream: NodeJS.ReadableStream | undefined) => {
      if (err || !stream) return reject(err ?? new Error('no pull stream'));
      docker.modem.followProgress(
        stream,
        (doneErr: Error | null, events: ProgressEvent[]) => {
          const failed = events?.find((e) => e.error);
          if (doneErr || failed) reject(doneErr ?? new Error(failed?.error));
          else resolve();
        },
        (e: ProgressEvent) => {
          if (e.status) onProgress?.({ image, status: e.status, id: e.id, current: e.progressDetail?.current, total: e.progressDetail?.total });
        },
      );
    });
  });
}

/**
 * Makes every image available locally, pulling the missing ones (concurrently) with progress.
 * A missing image that cannot be pulled is IMAGE_UNAVAILABLE naming the image.
 */
export async function ensureImages(engine: Engine, images: string[], onProgress?: (p: PullProgress) => void): Promise<void> {
  const unique = [...new Set(images)];
  await Promise.all(
    unique.map(async (image) => {
      if (await imagePresent(engine, image)) return;
      onProgress?.({ image, status: 'Pulling' });
      try {
        await dockerCall(engine, `pull ${image}`, (d) => pullImage(d, image, onProgress), PULL_TIMEOUT_MS);
      } catch (err) {
        if (err instanceof AppError && err.code === 'DOCKER_UNAVAILABLE') throw err;
        const registry = registryOf(image);
        throw new AppError(
          'IMAGE_UNAVAILABLE',
          `Image ${image} is not on this host and could not be pulled from ${registry} (${engineMessage(err)}). ` +
            `Load it on this host (docker load -i <file>.tar, saved with docker save ${image} where ${registry} is reachable) or choose another image under Settings → Images.`,
          { image, registry },
        );
      }
      if (!(await imagePresent(engine, image))) {
        throw new AppError('IMAGE_UNAVAILABLE', `Image ${image} is still missing after the pull`, { image });
      }
    }),
  );
}
