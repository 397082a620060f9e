import 'server-only';
import { backupTenant, MANAGEMENT_DATA_PATH } from '../backups/backup-tenant';
import { serviceContainer, startContainer, stopContainer } from '../backups/container-files';
import { withRepository } from '../backups/open-repository';
import { findSnapshot, writeSnapshotData } from '../backups/restore-data';
import { db } from '../db';
import { AppError, isAppError } from '../errors';
import { healthTimeoutMs as healthTimeoutFromSettings } from '../health/health-timeout';
import { tenantBaseUrl, waitForHealthy } from '../health/stack-health';
import { deployStack } from './deploy-stack';
import { ensureSecrets } from './secrets';
import type { TenantStackSpec } from './stack-spec';
import { getInstance } from './tenant-client';
import { tenantEngine } from './tenant-engine';
import { keepClassicDnsDomain } from '../insight/dns-domain';

export const MIGRATE_JOB_STEPS = ['check', 'backup', 'deploy', 'verify', 'record', 'rollback'] as const;
export type MigrateStep = (typeof MIGRATE_JOB_STEPS)[number];

/** The part of the job's step reporter the migration uses (lib/jobs/step-reporter). */
export interface MigrationSteps {
  step<T>(name: MigrateStep, run: () => Promise<T>, done?: (result: T) => string | null | { skipped: string }): Promise<T>;
  report(name: MigrateStep, state: 'skipped', message?: string | null): Promise<void>;
}

export interface MigrateOptions {
  jobId?: string | null;
  healthTimeoutMs?: number;
}

/** What must be the same after the move: peers reconnect only if all of this is. */
interface Before {
  dashboardPort: number;
  relayPort: number;
  encryptionKey: string;
  relaySecret: string;
  ownerExists: boolean;
}

async function checkMigratable(customerId: string): Promise<Before> {
  const customer = await db().customer.findUnique({ where: { id: customerId }, include: { deployment: true } });
  if (!customer) throw new AppError('NOT_FOUND', 'Customer not found');
  if (customer.layout !== 'classic') throw new AppError('CONFLICT', `${customer.subdomain} already runs the ${customer.layout} layout`);
  const d = customer.deployment;
  if (!d?.deployedAt) throw new AppError('CONFLICT', `${customer.subdomain} has never been deployed: redeploy it first`);
  const secrets = await ensureSecrets(customerId);
  return { dashboardPort: d.dashboardPort, relayPort: d.relayPort, encryptionKey: secrets.encryptionKey, relaySecret: secrets.relaySecret, ownerExists: Boolean(d.ownerPassword) };
}

/** The combined server runs on the classic data: same ports, key, secret, and the owner is still there. */
async function verifyMigrated(customerId: string, spec: TenantStackSpec, before: Before): Promise<string> {
  const [d, secrets, instance] = await Promise.all([
    db().deployment.findUniqueOrThrow({ where: { customerId } }),
    ensureSecrets(customerId),
    getInstance(tenantBaseUrl(spec)),
  ]);
  const changed: string[] = [];
  if (d.dashboardPort !== before.dashboardPort || d.relayPort !== before.relayPort) changed.push('ports');
  if (secrets.encryptionKey !== before.encryptionKey) changed.push('store encryption key');
  if (secrets.relaySecret !== before.relaySecret) changed.push('relay secret');
  // An owner that vanished means the server started on other data: peers would have to enrol again.
  if (before.ownerExists && instance.setup_required) changed.push('owner (NetBird offers its setup again)');
  if (changed.length) throw new AppError('STACK_UNHEALTHY', `The combined server does not run on the tenant's data: ${changed.join(', ')} changed`);
  const dns = await keepClassicDnsDomain(customerId);
  return `Same store, key, owner, domain ${spec.domain}, relay and STUN on UDP ${spec.relayPort}; ${dns}`;
}

/**
 * Back to the classic containers, and the management data exactly as the backup took it: the
 * combined server may already have written to the store (a newer release migrates its schema
 * one way), so the snapshot is written back through the Docker API before management starts.
 */
async function returnToClassic(customerId: string, snapshotId: string, healthTimeoutMs: number): Promise<string> {
  const { spec } = await deployStack(customerId, { healthTimeoutMs }, 'classic');
  const engine = await tenantEngine(customerId);
  const management = await serviceContainer(engine, customerId, 'management');
  await stopContainer(engine, management);
  let written: { files: number; bytes: number };
  try {
    written = await withRepository(async (repo) => writeSnapshotData(engine, repo, await findSnapshot(repo, snapshotId), management.id, MANAGEMENT_DATA_PATH));
  } finally {
    await startContainer(engine, management);
  }
  await waitForHealthy(engine, spec, healthTimeoutMs);
  return `Classic containers running on the data of snapshot ${snapshotId} (${written.files} files)`;
}

/**
 * Moves a classic tenant onto NetBird's combined server, the way NetBird's own migration does:
 * the same store (the management data directory is mounted into the server), the same
 * encryption key and relay secret (now in config.yaml), the same owner, domain and UDP port.
 * A backup comes first; the new stack must pass its health checks and the checks above; on any
 * failure after the backup the tenant returns to its classic containers and pre-migration data,
 * and the customer's layout stays classic.
 */
export async function migrateToCombined(customerId: string, r: MigrationSteps, opts: MigrateOptions = {}): Promise<void> {
  const healthTimeoutMs = opts.healthTimeoutMs ?? (await healthTimeoutFromSettings());
  const before = await r.step('check', () => checkMigratable(customerId), (b) => `Classic tenant on TCP ${b.dashboardPort}, UDP ${b.relayPort}`);
  const backup = await r.step('backup', () => backupTenant(customerId, { kind: 'safety', trigger: 'migration', jobId: opts.jobId ?? null }), (o) => `Snapshot ${o.snapshotId} before the move`);
  try {
    const { spec } = await r.step('deploy', () => deployStack(customerId, { healthTimeoutMs }, 'combined'), (d) => `${d.spec.containers.length} containers healthy`);
    await r.step('verify', () => verifyMigrated(customerId, spec, before), (m) => m);
    await r.step('record', () => db().customer.update({ where: { id: customerId }, data: { layout: 'combined' } }), () => 'Layout: combined');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    await r.step('rollback', () => returnToClassic(customerId, backup.snapshotId, healthTimeoutMs), (m) => m);
    throw new AppError(isAppError(err) ? err.code : 'STACK_UNHEALTHY', `Migration failed and was undone: ${reason}`);
  }
  await r.report('rollback', 'skipped', 'Not needed');
}
