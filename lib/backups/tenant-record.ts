import { decryptSecret } from '../crypto';
import { db } from '../db';
import { AppError } from '../errors';
import { ARCHIVE_FORMAT, type TenantRecord } from './tenant-archive';

const open = (v: string | null) => (v ? decryptSecret(v) : null);

/** The customer and deployment rows with their secrets decrypted, for the inside of a snapshot only. */
export async function buildTenantRecord(customerId: string): Promise<TenantRecord> {
  const c = await db().customer.findUnique({ where: { id: customerId }, include: { deployment: true } });
  if (!c) throw new AppError('NOT_FOUND', 'Customer not found.');
  const d = c.deployment;
  if (!d?.encryptionKey || !d.relaySecret) throw new AppError('CONFLICT', `Customer ${c.subdomain} has not been deployed yet: there is nothing to back up.`);
  return {
    format: ARCHIVE_FORMAT,
    customer: { id: c.id, name: c.name, subdomain: c.subdomain, email: c.email, maxDevices: c.maxDevices, notes: c.notes },
    deployment: {
      dashboardPort: d.dashboardPort,
      relayPort: d.relayPort,
      encryptionKey: decryptSecret(d.encryptionKey),
      relaySecret: decryptSecret(d.relaySecret),
      ownerEmail: d.ownerEmail,
      ownerPassword: open(d.ownerPassword),
      ownerToken: open(d.ownerToken),
      setupUrl: d.setupUrl,
    },
  };
}
