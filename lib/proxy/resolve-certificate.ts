import { AppError } from '../errors';
import type { Settings } from '../settings/schema';
import { fetchCertificates, requestCertificate } from './certificates';
import { isCertificateValid, pickDomainCertificate, pickWildcardCertificate } from './pick-certificate';
import type { NpmProxyHost } from './schemas';
import type { NpmSession } from './session';

/**
 * The certificate id a tenant host should carry under the SSL mode in
 * settings. Let's Encrypt certificates are obtained *before* the host is
 * written, so the host is created with a numeric id and its TLS flags stick.
 */
export async function resolveCertificateId(session: NpmSession, settings: Settings, domain: string, existing: NpmProxyHost | null): Promise<number> {
  if (settings.ssl_mode === 'none') return 0;
  if (settings.ssl_mode === 'wildcard') return resolveWildcard(session, settings);

  // The host's own certificate, when still right, saves a list call on every re-run.
  const current = existing?.certificate;
  if (current && pickDomainCertificate([current], domain)) return current.id;
  const reusable = pickDomainCertificate(await fetchCertificates(session), domain);
  if (reusable) return reusable.id;
  return (await requestCertificate(session, domain)).id;
}

async function resolveWildcard(session: NpmSession, settings: Settings): Promise<number> {
  const certs = await fetchCertificates(session);
  const configured = settings.wildcard_cert_id;
  if (configured) {
    const cert = certs.find((c) => c.id === configured);
    if (!cert) {
      throw new AppError(
        'NPM_CERTIFICATE_MISSING',
        `The wildcard certificate chosen in Settings (NPM certificate #${configured}) does not exist in NPM any more. Choose another certificate in Settings, or switch the SSL mode.`,
      );
    }
    if (!isCertificateValid(cert)) {
      throw new AppError('NPM_CERTIFICATE_MISSING', `The wildcard certificate chosen in Settings (#${configured}, ${cert.nice_name}) has expired (${cert.expires_on}). Renew it in NPM or choose another one in Settings.`);
    }
    return cert.id;
  }
  const found = pickWildcardCertificate(certs, settings.base_domain);
  if (!found) {
    throw new AppError(
      'NPM_CERTIFICATE_MISSING',
      `SSL mode is "wildcard" but NPM has no valid certificate for *.${settings.base_domain}. Create one in NPM (DNS challenge) or upload it, then choose it in Settings.`,
    );
  }
  return found.id;
}
