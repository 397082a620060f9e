import { encryptSecret } from '../crypto';
import { db } from '../db';
import { listPublishedHostPorts } from '../docker/list-containers';
import { allocatePorts } from '../netbird/ports';
import { tenantEngine } from '../netbird/tenant-engine';
import type { RestoreMode } from './schemas';
import type { RestoredRecord } from './tenant-archive';

const seal = (v: string | null) => (v ? encryptSecret(v) : null);

/**
 * Puts the snapshot's secrets (encryption key, relay secret, owner credentials and token) into
 * the target customer's deployment record. In place the ports stay; a new customer gets free
 * ports (the source still holds its own); a recovered one keeps its old ports when they are free.
 */
export async function applyRecord(customerId: string, record: RestoredRecord, mode: RestoreMode): Promise<string> {
  let existing = await db().deployment.findUnique({ where: { customerId } });
  let ports = 'ports kept';
  if (existing && mode === 'recover' && (await portsTaken(customerId, existing.dashboardPort, existing.relayPort))) {
    // The record came back with the appliance database, but this host uses its ports otherwise.
    await db().deployment.delete({ where: { customerId } });
    existing = null;
  }
  if (!existing) {
    const reused = mode === 'recover' ? await tryOriginalPorts(customerId, record) : false;
    if (!reused) {
      const allocated = await allocatePorts(await tenantEngine(customerId), customerId);
      ports = `ports ${allocated.dashboardPort}/${allocated.relayPort} allocated`;
    } else ports = `original ports ${record.deployment.dashboardPort}/${record.deployment.relayPort} kept`;
  }
  const d = record.deployment;
  if (mode !== 'in_place') {
    const c = record.customer;
    // The layout decides where the data goes (classic management or the combined server): it comes with the snapshot.
    await db().customer.update({ where: { id: customerId }, data: { name: c.name, email: c.email, maxDevices: c.maxDevices, notes: c.notes, layout: record.layout } });
    if (record.pin) {
      const images = JSON.stringify(record.pin);
      await db().tenantPin.upsert({ where: { customerId }, create: { customerId, images, note: 'Restored with the backup' }, update: {} });
    }
  }
  await db().deployment.update({
    where: { customerId },
    data: {
      encryptionKey: encryptSecret(d.encryptionKey),
      relaySecret: encryptSecret(d.relaySecret),
      ownerEmail: d.ownerEmail,
      ownerPassword: seal(d.ownerPassword),
      ownerToken: seal(d.ownerToken),
      // Format 1 records have none: the deploy generates a key as it does for any tenant without one.
      ...(d.sessionCookieKey ? { sessionCookieKey: encryptSecret(d.sessionCookieKey) } : {}),
      keepDnsDomain: d.keepDnsDomain,
      // A recovered record names the lost host's data directory; this appliance keeps the
      // tenant's files under its own, fixed again when the stack is built.
      ...(mode === 'recover' ? { dataDir: null } : {}),
    },
  });
  return `Encryption key, relay secret and owner credentials restored (${record.layout} layout${record.pin ? ', pinned images' : ''}); ${ports}`;
}

async function portsTaken(customerId: string, dashboardPort: number, relayPort: number): Promise<boolean> {
  const other = await db().deployment.findFirst({ where: { customerId: { not: customerId }, OR: [{ dashboardPort }, { relayPort }] } });
  if (other) return true;
  const host = await listPublishedHostPorts(await tenantEngine(customerId), customerId);
  return host.tcp.has(dashboardPort) || host.udp.has(relayPort);
}

async function tryOriginalPorts(customerId: string, record: RestoredRecord): Promise<boolean> {
  const { dashboardPort, relayPort } = record.deployment;
  if (await portsTaken(customerId, dashboardPort, relayPort)) return false;
  await db().deployment.create({ data: { customerId, dashboardPort, relayPort } });
  return true;
}
