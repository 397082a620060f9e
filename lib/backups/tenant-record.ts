import { decryptSecret } from '../crypto';
import { db } from '../db';
import { z } from 'zod';
import { AppError } from '../errors';
import { log } from '../log';
import { ARCHIVE_FORMAT, type TenantRecord } from './tenant-archive';

const open = (v: string | null) => (v ? decryptSecret(v) : null);

/** The customer and deployment rows with their secrets decrypted, for the inside of a snapshot only. */
export async function buildTenantRecord(customerId: string): Promise<TenantRecord> {
  const [c, pin] = await Promise.all([
    db().customer.findUnique({ where: { id: customerId }, include: { deployment: true } }),
    db().tenantPin.findUnique({ where: { customerId } }),
  ]);
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
      sessionCookieKey: open(d.sessionCookieKey),
      keepDnsDomain: d.keepDnsDomain,
      images: imagesOf(d),
    },
    layout: c.layout === 'combined' ? 'combined' : 'classic',
    pin: pin ? parsePin(pin.images) : null,
  };
}

type ImageColumns = 'managementImage' | 'signalImage' | 'relayImage' | 'dashboardImage' | 'caddyImage' | 'serverImage';
const IMAGE_COLUMNS: Record<string, ImageColumns> = {
  management: 'managementImage',
  signal: 'signalImage',
  relay: 'relayImage',
  dashboard: 'dashboardImage',
  caddy: 'caddyImage',
  server: 'serverImage',
};

function imagesOf(d: Record<ImageColumns, string | null>): Record<string, string> {
  return Object.fromEntries(Object.entries(IMAGE_COLUMNS).flatMap(([service, column]) => (d[column] ? [[service, d[column]]] : [])));
}

const pinSchema = z.record(z.string(), z.string());

function parsePin(text: string): Record<string, string> | null {
  try {
    const parsed = pinSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch (err) {
    log.warn('a tenant pin is not valid JSON; the backup records no pin', { error: err instanceof Error ? err.message : String(err) });
    return null;
  }
}
