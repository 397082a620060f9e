import 'server-only';
import { listCertificates } from '../proxy/certificates';
import { isNpmConfigured } from '../proxy/config';
import { getSettings } from '../settings/store';
import { globalSingleton } from '../global-singleton';

export interface CertificateExpiry {
  id: number;
  name: string;
  domain: string;
  expiresOn: string | null;
  daysLeft: number | null;
}

interface ExpiryState {
  items: CertificateExpiry[];
  at?: number;
  error?: string;
}

// On globalThis: the metrics route and the background gatherer are bundled apart.
const g = globalSingleton<{ certificateExpiry?: ExpiryState }>('certificateExpiry', () => ({}));

export function daysLeft(expiresOn: string | null, now = Date.now()): number | null {
  if (!expiresOn) return null;
  const at = Date.parse(expiresOn.includes('T') || expiresOn.includes('Z') ? expiresOn : `${expiresOn.replace(' ', 'T')}Z`);
  return Number.isFinite(at) ? Math.floor((at - now) / 86_400_000) : null;
}

/** Reads NPM's certificates (their `expires_on`) once; done in the background, never per request. */
export async function gatherCertificateExpiry(): Promise<CertificateExpiry[]> {
  const settings = await getSettings();
  if (!isNpmConfigured(settings)) {
    g.certificateExpiry = { items: [], at: Date.now() };
    return [];
  }
  try {
    const certs = await listCertificates(settings);
    const items = certs.map((c) => ({ id: c.id, name: c.nice_name, domain: c.domain_names[0] ?? c.nice_name, expiresOn: c.expires_on, daysLeft: daysLeft(c.expires_on) }));
    g.certificateExpiry = { items, at: Date.now() };
    return items;
  } catch (err) {
    g.certificateExpiry = { items: g.certificateExpiry?.items ?? [], at: g.certificateExpiry?.at, error: err instanceof Error ? err.message : String(err) };
    throw err;
  }
}

export function readCertificateExpiry(): ExpiryState {
  return g.certificateExpiry ?? { items: [] };
}
