import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * Shared set-up of the Docker tests. Importing this module FIRST points the appliance at a
 * throw-away database and data directory (env() and db() read them lazily, on first use).
 * Everything a run creates carries the run id, so parallel runs and other containers on the
 * host are never touched.
 */
const run = promisify(execFile);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

export const RUN_ID = randomBytes(3).toString('hex');
export const TMP = fs.mkdtempSync(path.join(os.tmpdir(), `nb-docker-${RUN_ID}-`));
export const DATA_ROOT = path.join(TMP, 'tenants');
const DATABASE_FILE = path.join(TMP, 'test.db');

process.env.DATABASE_PATH = DATABASE_FILE;
process.env.DATA_DIR = DATA_ROOT;
process.env.SECRET_KEY = 'docker-tests-secret-key-4f9a2c7e1b8d3a60';
process.env.HOST_IP = '127.0.0.1';
delete process.env.DOCKER_HOST;

/**
 * A random block of 50 ports per run so concurrent runs and other services rarely meet;
 * below Linux's ephemeral range (32768+), where outgoing connections would collide.
 */
export function randomPortBlock(): number {
  return 20_000 + Math.floor(Math.random() * 250) * 50;
}

/**
 * The schema, applied the way the appliance applies it at start-up (lib/migrate.ts, the
 * `_prisma_migrations` table Prisma's CLI reads). In process: npx and Prisma's CLI took seconds
 * per file, over a minute when the machine was loaded. lib/migrate.test.ts checks that Prisma's
 * `migrate deploy` agrees with it.
 */
export async function migrateDatabase(): Promise<void> {
  const { applyMigrations } = await import('../../lib/migrate');
  applyMigrations(DATABASE_FILE, path.join(root, 'prisma', 'migrations'));
}

/** Builds the stand-in images under `tag` (tests that change images build their own tag). */
export async function buildStandins(tag = 'test'): Promise<void> {
  await run('bash', [path.join(root, 'scripts/build-standins.sh')], { cwd: root, timeout: 180_000, env: { ...process.env, STANDIN_TAG: tag } });
}

export function standinImageSettings(tag = 'test'): Record<string, string> {
  return {
    netbird_management_image: `netbird-msp-standin/management:${tag}`,
    netbird_signal_image: `netbird-msp-standin/signal:${tag}`,
    netbird_relay_image: `netbird-msp-standin/relay:${tag}`,
    netbird_dashboard_image: `netbird-msp-standin/dashboard:${tag}`,
    caddy_image: `netbird-msp-standin/caddy:${tag}`,
    // Unversioned tag: new tenants stay classic; tests of the combined layout say so per customer.
    netbird_server_image: `netbird-msp-standin/netbird-server:${tag}`,
  };
}

export function removeTmp(): void {
  fs.rmSync(TMP, { recursive: true, force: true });
}

/**
 * Migrates, builds the stand-ins and stores the settings every stack test deploys with: the
 * stand-in images (under `tag`), its own proxy network, 64 MB containers and a random block of
 * 50 ports (returned, for tests that place things in it).
 */
export async function prepareStackTest(proxyNetwork: string, tag = 'test'): Promise<number> {
  await Promise.all([migrateDatabase(), buildStandins(tag)]);
  const block = randomPortBlock();
  // Imported here, after this module has pointed the environment at the throw-away database.
  const { storeSettings } = await import('../../lib/settings/store');
  await storeSettings({
    ...standinImageSettings(tag),
    docker_network: proxyNetwork,
    container_memory_limit_mb: 64,
    dashboard_port_start: block,
    dashboard_port_end: block + 24,
    relay_port_start: block + 25,
    relay_port_end: block + 49,
  });
  return block;
}
