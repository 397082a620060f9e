import 'server-only';
import { db } from '../db';
import { pingDocker } from '../docker/ping';
import { localEngine } from '../docker/engine';

export const APP_VERSION = process.env.npm_package_version ?? '0.1.0';

export interface HealthReport {
  status: 'ok' | 'degraded';
  version: string;
  database: { ok: boolean; error?: string };
  docker: { reachable: boolean; version?: string; error?: string };
  uptime_seconds: number;
}

/** Liveness for load balancers and the container HEALTHCHECK: the database must answer; Docker is reported. */
export async function checkHealth(): Promise<HealthReport> {
  const [database, docker] = await Promise.all([
    db()
      .$queryRaw`SELECT 1`.then(() => ({ ok: true }))
      .catch((err: unknown) => ({ ok: false, error: err instanceof Error ? err.message.split('\n')[0] : 'unavailable' })),
    pingDocker(localEngine()),
  ]);
  return {
    status: database.ok && docker.reachable ? 'ok' : 'degraded',
    version: APP_VERSION,
    database,
    docker,
    uptime_seconds: Math.round(process.uptime()),
  };
}
