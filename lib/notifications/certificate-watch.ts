import 'server-only';
import { gatherCertificateExpiry } from '../monitoring/certificate-expiry';
import { getSettings } from '../settings/store';
import { openEventKeys, raiseEvent, resolveEvent } from './raise-event';

/** NPM certificates expiring within `alert_certificate_days`; a renewed (or removed) one resolves. */
export async function checkCertificates(): Promise<void> {
  const [items, settings] = await Promise.all([gatherCertificateExpiry(), getSettings()]);
  const expiring = items.filter((c) => c.daysLeft !== null && c.daysLeft <= settings.alert_certificate_days);
  for (const c of expiring) {
    await raiseEvent({ kind: 'certificate.expiring', key: String(c.id), params: { subject: c.domain, detail: `${c.daysLeft} d (${c.expiresOn})` } });
  }
  const still = new Set(expiring.map((c) => String(c.id)));
  for (const key of await openEventKeys('certificate.expiring')) if (!still.has(key)) await resolveEvent('certificate.expiring', key);
}
