import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { docker, mapBounded } from './docker';

const run = promisify(execFile);

export interface ApiReadFloor {
  wallMs: number;
  bytes: number;
  /** Per tenant: pause → the whole data directory read through the archive API → unpause. */
  pauseMs: number[];
}

/**
 * The least any backup through the Docker Engine can do: pause management, read its data
 * directory through the archive API (GET /containers/{id}/archive) to the end, unpause; the
 * same tenants at the same concurrency as the appliance's jobs.
 */
export async function readThroughApi(subdomains: string[], concurrency: number): Promise<ApiReadFloor> {
  const started = performance.now();
  let bytes = 0;
  const pauseMs = await mapBounded(subdomains, concurrency, async (sub) => {
    const container = docker().getContainer(`netbird-${sub}-management`);
    const t0 = performance.now();
    await container.pause();
    try {
      const stream = await container.getArchive({ path: '/var/lib/netbird' });
      for await (const chunk of stream) bytes += (chunk as Buffer).length;
    } finally {
      await container.unpause();
    }
    return performance.now() - t0;
  });
  return { wallMs: performance.now() - started, bytes, pauseMs };
}

export interface ResticFloor {
  repo: string;
  env: NodeJS.ProcessEnv;
}

/** A repository of its own for the floor, so the appliance's snapshots never dedupe against it. */
export async function initFloorRepo(dir: string): Promise<ResticFloor> {
  const repo = path.join(dir, 'floor-repo');
  const env = { ...process.env, RESTIC_PASSWORD: 'bench-floor-password', RESTIC_CACHE_DIR: path.join(dir, 'floor-cache') };
  await run('restic', ['--repo', repo, 'init'], { env });
  return { repo, env };
}

/**
 * `restic backup` of the same files straight from the host (the management data directories the
 * containers mount), one snapshot per tenant, at the same concurrency; no pause, no Docker.
 */
export async function resticDirect(floor: ResticFloor, dataRoot: string, subdomains: string[], concurrency: number): Promise<number> {
  const started = performance.now();
  await mapBounded(subdomains, concurrency, async (sub) => {
    const dir = path.join(dataRoot, sub, 'data', 'management');
    if (!fs.existsSync(dir)) throw new Error(`no data directory ${dir}`);
    await run('restic', ['--repo', floor.repo, 'backup', '--host', 'bench', '--tag', sub, '--quiet', dir], { env: floor.env });
  });
  return performance.now() - started;
}

/** `restic restore` of one tenant's latest snapshot into an empty directory. */
export async function resticRestore(floor: ResticFloor, sub: string, target: string): Promise<number> {
  const started = performance.now();
  await run('restic', ['--repo', floor.repo, 'restore', 'latest', '--tag', sub, '--target', target], { env: floor.env });
  return performance.now() - started;
}
