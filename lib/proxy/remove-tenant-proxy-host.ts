import { AppError } from '../errors';
import type { Settings } from '../settings/schema';
import { deleteCertificate, fetchCertificates } from './certificates';
import { tenantDomain } from './host-spec';
import { logProxy } from './log';
import { locateTenantHost } from './host-ownership';
import { deleteHost, hostsUsingCertificate, updateHost } from './proxy-hosts';
import type { NpmCertificate } from './schemas';
import { NpmSession } from './session';

export interface RemoveTenantHostInput {
  subdomain: string;
  /** Ids recorded at deploy time; used when the host or certificate can no longer be found by name. */
  hostId?: number | null;
  certificateId?: number | null;
}

export interface RemoveTenantHostResult {
  hostDeleted: boolean;
  certificateDeleted: boolean;
  /** A host for the tenant's domain that the appliance did not create, left in place. */
  foreignHostId?: number;
}

/** Only a certificate for exactly this tenant's name is ours to delete; wildcards never are. */
function isTenantCertificate(cert: NpmCertificate, domain: string, settings: Settings): boolean {
  if (cert.id === settings.wildcard_cert_id) return false;
  if (cert.domain_names.some((d) => d.startsWith('*.'))) return false;
  return cert.domain_names.length === 1 && cert.domain_names[0].toLowerCase() === domain;
}

/**
 * Removes the tenant's proxy host and its per-tenant certificate when no
 * other host uses it. Idempotent: nothing left in NPM counts as success.
 * Only the appliance's own host is deleted (see `isOwnHost`); a hand-made
 * host for the same name is left alone and reported.
 */
export async function removeTenantProxyHost(input: RemoveTenantHostInput, settings: Settings): Promise<RemoveTenantHostResult> {
  if (!settings.base_domain) throw new AppError('NPM_NOT_CONFIGURED', 'The base domain is not set, so the tenant host cannot be found. Set it in Settings.');
  const session = NpmSession.fromSettings(settings);
  const domain = tenantDomain(input.subdomain, settings.base_domain);
  const { own: host, foreign } = await locateTenantHost(session, { subdomain: input.subdomain, recordedHostId: input.hostId }, domain);
  if (foreign) logProxy('warn', 'leaving a proxy host the appliance did not create', { hostId: foreign.id, domain });

  // A host found by its recorded id may carry a name from an earlier base domain.
  const hostDomain = host?.domain_names[0]?.toLowerCase() ?? domain;
  const certificateId = host?.certificate_id || input.certificateId || 0;
  let certificate: NpmCertificate | null = null;
  if (certificateId) {
    const cert = host?.certificate ?? (await fetchCertificates(session)).find((c) => c.id === certificateId) ?? null;
    const sharedWith = cert && isTenantCertificate(cert, hostDomain, settings) ? await hostsUsingCertificate(session, certificateId, host?.id) : [];
    if (cert && isTenantCertificate(cert, hostDomain, settings) && sharedWith.length === 0) certificate = cert;
    else if (cert) logProxy('info', 'keeping certificate', { certificateId, domain, usedBy: sharedWith.map((h) => h.id) });
  }

  if (host) {
    // Deleting a certificate a host still points at breaks later NPM writes: detach first.
    if (certificate) await updateHost(session, host.id, { certificate_id: 0 }, false);
    await deleteHost(session, host);
  }
  if (certificate) await deleteCertificate(session, certificate.id);
  return { hostDeleted: host !== null, certificateDeleted: certificate !== null, ...(foreign ? { foreignHostId: foreign.id } : {}) };
}
