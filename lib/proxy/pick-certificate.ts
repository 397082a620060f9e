import type { NpmCertificate } from './schemas';

/** NPM prints `expires_on` as `YYYY-MM-DD HH:mm:ss` in UTC; ISO strings are accepted too. */
export function parseNpmDate(value: string | null | undefined): number | null {
  if (!value) return null;
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value) ? `${value.replace(' ', 'T')}Z` : value;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/** A certificate that has not expired (a little margin so we never attach one expiring this hour). */
export function isCertificateValid(cert: NpmCertificate, now = Date.now()): boolean {
  const expires = parseNpmDate(cert.expires_on);
  return expires !== null && expires > now + 60 * 60_000;
}

function latestExpiry(certs: NpmCertificate[]): NpmCertificate | null {
  return certs.sort((a, b) => (parseNpmDate(b.expires_on) ?? 0) - (parseNpmDate(a.expires_on) ?? 0))[0] ?? null;
}

/** A valid Let's Encrypt certificate for exactly this one name (NPM's `?query=` matches substrings of nice_name). */
export function pickDomainCertificate(certs: NpmCertificate[], domain: string, now = Date.now()): NpmCertificate | null {
  const name = domain.toLowerCase();
  const matching = certs.filter(
    (c) => c.provider === 'letsencrypt' && c.domain_names.length === 1 && c.domain_names[0].toLowerCase() === name && isCertificateValid(c, now),
  );
  return latestExpiry(matching);
}

/** A valid certificate covering `*.<baseDomain>`, any provider (wildcards are often uploaded). */
export function pickWildcardCertificate(certs: NpmCertificate[], baseDomain: string, now = Date.now()): NpmCertificate | null {
  const wildcard = `*.${baseDomain.toLowerCase()}`;
  return latestExpiry(certs.filter((c) => c.domain_names.some((d) => d.toLowerCase() === wildcard) && isCertificateValid(c, now)));
}
