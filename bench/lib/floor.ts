import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { containerCreateOptions } from '../../lib/docker/container-options';
import { renderTenantFiles } from '../../lib/netbird/render-files';
import { buildStackSpec, type TenantStackSpec } from '../../lib/netbird/stack-spec';
import { writeTenantFiles } from '../../lib/netbird/tenant-files';
import { SETTINGS } from '../../lib/settings/schema';
import { STANDIN_IMAGES } from '../../tests/helpers/standin-images';
import { docker } from './docker';
import { probe, waitUntil } from './net';

/** Floor stacks use ports above the appliance's bench ranges, so they never collide. */
const FLOOR_DASHBOARD_PORT = 24900;
const FLOOR_RELAY_PORT = 25900;

export interface FloorTiming {
  /** Network create + five creates + start, all in parallel where Docker allows. */
  createStartMs: number;
  /** The start calls alone. */
  startMs: number;
  /** From started to Caddy answering / and /api/instance with 200, as the appliance checks. */
  healthMs: number;
}

/**
 * The same stack the appliance runs — built by lib/netbird's spec, rendered by its templates,
 * created with lib/docker's create options — with its files written, ready for a floor run.
 */
export function prepareFloorStack(root: string, runId: string, index: number, proxyNetwork: string): TenantStackSpec {
  process.env.TEMPLATES_DIR ??= path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'templates');
  const spec = buildStackSpec({
    customer: { id: `bench-floor-${runId}-${index}`, subdomain: `bench-${runId}-floor${index}` },
    layout: 'classic',
    deployment: { dashboardPort: FLOOR_DASHBOARD_PORT + index, relayPort: FLOOR_RELAY_PORT + index },
    secrets: { encryptionKey: randomBytes(32).toString('base64'), relaySecret: randomBytes(32).toString('base64').replace(/=+$/, ''), sessionCookieKey: randomBytes(32).toString('base64') },
    settings: { ...STANDIN_IMAGES, base_domain: 'msp.example.com', container_memory_limit_mb: 512, netbird_geolocation: 'auto', docker_subnet_pool: SETTINGS.docker_subnet_pool.default },
    dataRoot: root,
    proxyNetwork,
    listenAddresses: ['127.0.0.1'],
  });
  return spec;
}

export async function writeFloorFiles(spec: TenantStackSpec): Promise<void> {
  await writeTenantFiles(spec, renderTenantFiles(spec.template));
}

async function waitHealthy(spec: TenantStackSpec): Promise<number> {
  const base = `http://127.0.0.1:${spec.dashboardPort}`;
  return waitUntil(async () => (await probe(`${base}/api/instance`)) === 200 && (await probe(`${base}/`)) === 200, 60_000);
}

/**
 * Creates the tenant network and the five containers in parallel, starts them all at once (or,
 * with `phased`, the four services and then Caddy, as lib/docker's startStack does), then waits for health.
 */
export async function runDockerFloor(spec: TenantStackSpec, phased = false): Promise<FloorTiming> {
  const d = docker();
  const t0 = performance.now();
  await d.createNetwork({ Name: spec.network, Driver: 'bridge', CheckDuplicate: true, Labels: { 'netbird-msp.subdomain': spec.subdomain } });
  const created = await Promise.all(
    spec.containers.map(async (c) => {
      const container = await d.createContainer(containerCreateOptions(c));
      for (const network of c.networks.slice(1)) await d.getNetwork(network).connect({ Container: container.id });
      return container;
    }),
  );
  const t1 = performance.now();
  if (phased) {
    for (const phase of [0, 1]) await Promise.all(created.filter((_, i) => spec.containers[i].phase === phase).map((c) => c.start()));
  } else {
    await Promise.all(created.map((c) => c.start()));
  }
  const createStartMs = performance.now() - t0;
  return { createStartMs, startMs: performance.now() - t1, healthMs: await waitHealthy(spec) };
}

export function composeBinary(): string[] | undefined {
  for (const candidate of [['docker', 'compose'], ['docker-compose']]) {
    try {
      execFileSync(candidate[0], [...candidate.slice(1), 'version'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // Not installed in this form; try the next.
    }
  }
  return undefined;
}

/**
 * `up -d` of the rendered docker-compose.yml. Compose 1.x does not know the top-level `name:`
 * key of the Compose Specification, so the project name is passed with -p and the key dropped.
 */
export async function runComposeFloor(spec: TenantStackSpec, compose: string[]): Promise<FloorTiming> {
  const file = path.join(spec.tenantDir, 'docker-compose.yml');
  const legacy = compose[0] === 'docker-compose';
  if (legacy) fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^name: .*$/m, ''));
  const t0 = performance.now();
  execFileSync(compose[0], [...compose.slice(1), '-f', file, '-p', spec.network, 'up', '-d', '--no-build'], { stdio: 'pipe', cwd: spec.tenantDir });
  const createStartMs = performance.now() - t0;
  return { createStartMs, startMs: Number.NaN, healthMs: await waitHealthy(spec) };
}
