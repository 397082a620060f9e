import { DATA_ROOT, RUN_ID, prepareStackTest, standinImageSettings } from './harness';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * Shared set-up of the fleet upgrade tests: stand-ins under their own tag (`fleet`), newer
 * management "versions" as variant images of it (a store schema one higher, a migration that
 * fails on a marked store, peers that do not come back), and a fleet of deployed tenants.
 */
const run = promisify(execFile);
export const TAG = 'fleet';
export const BASE = standinImageSettings(TAG);

/** Variant image tags of management: ENV lines over the fleet stand-in. */
export const VARIANTS: Record<string, string[]> = {
  [`${TAG}-good`]: ['NB_STANDIN_SCHEMA=2'],
  [`${TAG}-bad`]: ['NB_STANDIN_SCHEMA=2', 'NB_STANDIN_FAIL_MIGRATION=1'],
  [`${TAG}-nopeers`]: ['NB_STANDIN_SCHEMA=2', 'NB_STANDIN_PEERS_STAY_AWAY=1'],
  [`${TAG}-v3`]: ['NB_STANDIN_SCHEMA=3'],
};

export function managementImage(variant: string): string {
  return `netbird-msp-standin/management:${variant}`;
}

export const baseImages = {
  management: BASE.netbird_management_image,
  signal: BASE.netbird_signal_image,
  relay: BASE.netbird_relay_image,
  dashboard: BASE.netbird_dashboard_image,
  caddy: BASE.caddy_image,
};

export function imagesWith(variant: string) {
  return { ...baseImages, management: managementImage(variant) };
}

/** An image of `from` with ENV lines over it (a newer or broken "version" of a stand-in). */
export async function buildImageVariant(image: string, from: string, envs: string[]): Promise<void> {
  const dockerfile = `FROM ${from}\n${envs.map((e) => `ENV ${e}`).join('\n')}\n`;
  const child = execFile('docker', ['build', '-q', '-t', image, '-'], { timeout: 60_000 });
  child.stdin?.end(dockerfile);
  await new Promise<void>((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`docker build ${image} exited ${code}`)))));
}

async function buildVariant(tag: string, envs: string[]): Promise<void> {
  await buildImageVariant(managementImage(tag), BASE.netbird_management_image, envs);
}

export async function removeVariants(): Promise<void> {
  await run('docker', ['rmi', ...Object.keys(VARIANTS).map(managementImage)]).catch(() => undefined);
}

/** The stack tests' set-up under the fleet tag (harness.ts), the variants, and a local backup repository. */
export async function prepareFleet(proxyNetwork: string, repoDir: string): Promise<void> {
  await prepareStackTest(proxyNetwork, TAG);
  await Promise.all(Object.entries(VARIANTS).map(([tag, envs]) => buildVariant(tag, envs)));
  const { writeBackupSettings } = await import('../../lib/backups/backup-settings');
  await writeBackupSettings({ repository_type: 'local', local_path: repoDir });
}

export function managementDataDir(sub: string): string {
  return path.join(DATA_ROOT, sub, 'data', 'management');
}

/** The engine is shared and busy: a deploy that timed out on it is tried once more (a deploy is idempotent). */
async function deployWithRetry(deploy: () => Promise<unknown>): Promise<void> {
  try {
    await deploy();
  } catch (err) {
    if (!/did not answer|TIMEOUT/i.test(String(err))) throw err;
    await deploy();
  }
}

/**
 * Creates and deploys `count` tenants, two at a time, into `tenants` (filled as they are
 * created, so cleanup finds them even when a deploy fails); each gets a data marker naming it.
 */
export async function deployFleet(count: number, tenants: { id: string; sub: string }[], prefix = `fl${RUN_ID}`): Promise<void> {
  const { db } = await import('../../lib/db');
  const { deployStack } = await import('../../lib/netbird/deploy-stack');
  for (let i = 0; i < count; i++) {
    const sub = `${prefix}-${i}`;
    const c = await db().customer.create({ data: { name: sub, subdomain: sub, email: `${sub}@example.com`, maxDevices: 5, status: 'active' } });
    tenants.push({ id: c.id, sub });
  }
  const queue = [...tenants];
  await Promise.all(
    [0, 1].map(async () => {
      for (let t = queue.shift(); t; t = queue.shift()) {
        const id = t.id;
        await deployWithRetry(() => deployStack(id, { healthTimeoutMs: 90_000 }));
        fs.writeFileSync(path.join(managementDataDir(t.sub), 'fleet-marker'), `data of ${t.sub}\n`);
      }
    }),
  );
}

export function readSchema(sub: string): string {
  return fs.readFileSync(path.join(managementDataDir(sub), 'standin-schema'), 'utf8').trim();
}

export function readMarker(sub: string): string {
  return fs.readFileSync(path.join(managementDataDir(sub), 'fleet-marker'), 'utf8');
}
