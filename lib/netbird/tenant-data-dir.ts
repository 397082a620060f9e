import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { db } from '../db';
import { log } from '../log';
import { effectiveDataDir, getSettings } from '../settings/store';
import { purgeTenantDir } from './tenant-files';
import { hostById, type TenantHost } from '../hosts/tenant-host';

/**
 * Where a tenant's files live is recorded on its deployment the first time its stack is built
 * (<dataDir>/<subdomain>) and never follows a later `data_dir` change: that setting applies to
 * new tenants. Redeploy, start and delete all use the recorded directory, so changing the
 * setting can neither orphan a tenant's data (and leave NetBird's owner setup open on an empty
 * store) nor make a delete remove files that belong to something else.
 */
export async function tenantDataRoot(customerId: string, recorded: string | null, host: Pick<TenantHost, 'tenantRoot'>): Promise<string> {
  if (recorded) return recorded;
  // On another host the tenants' root is that host's (a path on its disk, not the appliance's).
  const root = host.tenantRoot ?? effectiveDataDir(await getSettings());
  await db().deployment.update({ where: { customerId }, data: { dataDir: root } });
  return root;
}

/**
 * Deletes the tenant's recorded directory, on the host it runs on. Without a record nothing was
 * ever written, so nothing is deleted.
 */
export async function purgeRecordedTenantDir(customer: { id: string; subdomain: string }): Promise<string> {
  const deployment = await db().deployment.findUnique({ where: { customerId: customer.id }, select: { dataDir: true, hostId: true, caddyImage: true } });
  if (!deployment?.dataDir) return 'No data directory was recorded for this tenant; nothing deleted';
  const tenantDir = path.join(deployment.dataDir, customer.subdomain);
  const host = await hostById(deployment.hostId);
  // A helper container of an image the host already has removes the directory there.
  const image = deployment.caddyImage ?? (await getSettings()).caddy_image;
  await purgeTenantDir({ tenantDir, subdomain: customer.subdomain }, deployment.dataDir, host.local ? undefined : { engine: host.engine, image });
  return host.local ? `Data directory ${tenantDir} deleted` : `Data directory ${tenantDir} on host ${host.id} deleted`;
}

/**
 * Deployments made before directories were recorded: their files are where the data directory
 * in force at upgrade time says, if they are there at all. Runs once at start-up.
 */
export async function recordLegacyDataDirs(): Promise<void> {
  const rows = await db().deployment.findMany({ where: { dataDir: null, hostId: 'local' }, select: { customerId: true, customer: { select: { subdomain: true } } } });
  if (!rows.length) return;
  const root = effectiveDataDir(await getSettings());
  for (const row of rows) {
    if (!fs.existsSync(path.join(root, row.customer.subdomain))) continue;
    await db().deployment.update({ where: { customerId: row.customerId }, data: { dataDir: root } });
    log.info('recorded tenant data directory', { subdomain: row.customer.subdomain, data_dir: root });
  }
}
