import 'server-only';
import { MANAGEMENT_DATA_PATH } from '../backups/backup-tenant';
import { serviceContainer, stopContainer } from '../backups/container-files';
import { withRepository } from '../backups/open-repository';
import { findSnapshot, writeSnapshotData } from '../backups/restore-data';
import { healthTimeoutMs } from '../health/health-timeout';
import { deployStack } from '../netbird/deploy-stack';
import { tenantEngine } from '../netbird/tenant-engine';
import type { ImageSet } from './image-set';

/**
 * Puts a tenant back on the images it ran before an upgrade. When the new version may have
 * migrated management's stores, the data taken before the upgrade goes back first, into the
 * stopped management container through the Docker API (as a restore does); then the previous
 * images are deployed through the usual swap and must be healthy.
 */
export async function rollbackTenant(customerId: string, from: ImageSet, snapshotId: string | null, restoreData: boolean): Promise<string> {
  let restored = '';
  if (restoreData && snapshotId) {
    const engine = await tenantEngine(customerId);
    const management = await serviceContainer(engine, customerId, 'management');
    await stopContainer(engine, management);
    const written = await withRepository(async (repo) => writeSnapshotData(engine, repo, await findSnapshot(repo, snapshotId), management.id, MANAGEMENT_DATA_PATH));
    restored = `, data of snapshot ${snapshotId.slice(0, 8)} restored (${written.files} files)`;
  }
  const { health } = await deployStack(customerId, { images: from, healthTimeoutMs: await healthTimeoutMs() });
  return `Back on ${from.management}${restored}; ${health.services.filter((s) => s.healthy).length}/${health.services.length} services healthy`;
}
