import { describe, expect, it } from 'vitest';
import { isCertificateValid, parseNpmDate, pickDomainCertificate, pickWildcardCertificate } from './pick-certificate';
import type { NpmCertificate } from './schemas';

const now = Date.parse('2026-06-01T00:00:00Z');
const cert = (id: number, domain_names: string[], expires_on: string, provider = 'letsencrypt'): NpmCertificate => ({ id, provider, nice_name: domain_names.join(', '), domain_names, expires_on });

describe('certificate selection', () => {
  it('parses NPM dates as UTC', () => {
    expect(parseNpmDate('2026-06-01 00:00:00')).toBe(now);
    expect(parseNpmDate('2026-06-01T00:00:00.000Z')).toBe(now);
    expect(parseNpmDate('soon')).toBeNull();
    expect(parseNpmDate(null)).toBeNull();
  });

  it('treats expired and about-to-expire certificates as invalid', () => {
    expect(isCertificateValid(cert(1, ['a'], '2026-05-31 00:00:00'), now)).toBe(false);
    expect(isCertificateValid(cert(1, ['a'], '2026-06-01 00:30:00'), now)).toBe(false);
    expect(isCertificateValid(cert(1, ['a'], '2026-08-01 00:00:00'), now)).toBe(true);
  });

  it('picks a valid Let\'s Encrypt certificate for exactly the name, latest expiry first', () => {
    const certs = [
      cert(1, ['acme2.x.test'], '2026-08-01 00:00:00'),
      cert(2, ['acme.x.test', 'www.acme.x.test'], '2026-08-01 00:00:00'),
      cert(3, ['acme.x.test'], '2026-05-01 00:00:00'),
      cert(4, ['acme.x.test'], '2026-07-01 00:00:00'),
      cert(5, ['ACME.x.test'], '2026-08-01 00:00:00'),
      cert(6, ['acme.x.test'], '2026-09-01 00:00:00', 'other'),
    ];
    expect(pickDomainCertificate(certs, 'acme.x.test', now)?.id).toBe(5);
    expect(pickDomainCertificate(certs.slice(0, 3), 'acme.x.test', now)).toBeNull();
  });

  it('picks a valid *.<base> certificate of any provider', () => {
    const certs = [cert(1, ['*.x.test'], '2026-05-01 00:00:00'), cert(2, ['*.y.test'], '2026-08-01 00:00:00'), cert(3, ['x.test', '*.x.test'], '2026-08-01 00:00:00', 'other')];
    expect(pickWildcardCertificate(certs, 'x.test', now)?.id).toBe(3);
    expect(pickWildcardCertificate(certs.slice(0, 2), 'x.test', now)).toBeNull();
  });
});
