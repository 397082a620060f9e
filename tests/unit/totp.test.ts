import { describe, expect, it } from 'vitest';
import { decodeBase32, encodeBase32, generateTotpSecret, hotp, matchTotpStep, otpauthUri, totpCode, totpStep } from '@/lib/auth/totp/totp';
import { consumeRecoveryCode, generateRecoveryCodes, hashRecoveryCode } from '@/lib/auth/totp/recovery-codes';

// RFC 6238 Appendix B: the SHA-1 seed is the ASCII string "12345678901234567890", 8 digits.
const RFC_SEED = Buffer.from('12345678901234567890', 'ascii');
const RFC_VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238, SHA-1)', () => {
  it.each(RFC_VECTORS)('matches the RFC test vector at T=%i', (seconds, expected) => {
    const secret = encodeBase32(RFC_SEED);
    expect(totpCode(secret, seconds * 1000, 8)).toBe(expected);
    // The 6-digit code apps show is the same value modulo 10^6.
    expect(totpCode(secret, seconds * 1000)).toBe(expected.slice(2));
  });

  it('matches the RFC 4226 HOTP vectors', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, counter) => hotp(RFC_SEED, counter))).toEqual(expected);
  });

  it('round-trips base32 and ignores case, spaces and padding', () => {
    const bytes = Buffer.from('any bytes \u0000\u00ff at all');
    const text = encodeBase32(bytes);
    expect(decodeBase32(text)).toEqual(bytes);
    expect(decodeBase32(` ${text.toLowerCase().replace(/(.{4})/g, '$1 ')}==`)).toEqual(bytes);
    expect(encodeBase32(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(() => decodeBase32('not base32!')).toThrow();
  });

  it('makes 160-bit secrets that differ each time', () => {
    const a = generateTotpSecret();
    expect(decodeBase32(a)).toHaveLength(20);
    expect(a).not.toBe(generateTotpSecret());
  });

  it('accepts the previous, current and next step, nothing further', () => {
    const secret = generateTotpSecret();
    const now = 1_700_000_015_000;
    const step = totpStep(now);
    const at = (s: number) => hotp(decodeBase32(secret), s);
    expect(matchTotpStep(secret, at(step), null, now)).toBe(step);
    expect(matchTotpStep(secret, at(step - 1), null, now)).toBe(step - 1);
    expect(matchTotpStep(secret, at(step + 1), null, now)).toBe(step + 1);
    expect(matchTotpStep(secret, at(step - 2), null, now)).toBeNull();
    expect(matchTotpStep(secret, at(step + 2), null, now)).toBeNull();
  });

  it('refuses a code of a step already used, and older ones', () => {
    const secret = generateTotpSecret();
    const now = 1_700_000_015_000;
    const step = totpStep(now);
    const code = hotp(decodeBase32(secret), step);
    expect(matchTotpStep(secret, code, step, now)).toBeNull();
    expect(matchTotpStep(secret, hotp(decodeBase32(secret), step - 1), step, now)).toBeNull();
    expect(matchTotpStep(secret, hotp(decodeBase32(secret), step + 1), step, now)).toBe(step + 1);
  });

  it('refuses malformed codes and codes of another secret', () => {
    const secret = generateTotpSecret();
    const now = Date.now();
    expect(matchTotpStep(secret, '12345', null, now)).toBeNull();
    expect(matchTotpStep(secret, 'abcdef', null, now)).toBeNull();
    expect(matchTotpStep(secret, totpCode(generateTotpSecret(), now), null, now)).toBeNull();
    expect(matchTotpStep(secret, totpCode(secret, now).replace(/^(\d{3})/, '$1 '), null, now)).toBe(totpStep(now));
  });

  it('builds the otpauth URI authenticator apps expect', () => {
    const uri = new URL(otpauthUri('JBSWY3DPEHPK3PXP', 'jane@msp', 'NetBird MSP'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/NetBird MSP:jane@msp');
    expect(Object.fromEntries(uri.searchParams)).toEqual({ secret: 'JBSWY3DPEHPK3PXP', issuer: 'NetBird MSP', algorithm: 'SHA1', digits: '6', period: '30' });
  });
});

describe('recovery codes', () => {
  it('are ten distinct xxxxx-xxxxx codes', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
  });

  it('are consumed once, whatever the typing', () => {
    const codes = generateRecoveryCodes(3);
    const stored = JSON.stringify(codes.map(hashRecoveryCode));
    const rest = consumeRecoveryCode(stored, ` ${codes[1].toUpperCase().replace('-', '')} `);
    expect(rest).toEqual([hashRecoveryCode(codes[0]), hashRecoveryCode(codes[2])]);
    expect(consumeRecoveryCode(JSON.stringify(rest), codes[1])).toBeNull();
    expect(consumeRecoveryCode(JSON.stringify(rest), codes[0])).toHaveLength(1);
  });

  it('refuses unknown codes and accounts without codes', () => {
    const stored = JSON.stringify(generateRecoveryCodes(2).map(hashRecoveryCode));
    expect(consumeRecoveryCode(stored, 'aaaaa-aaaaa')).toBeNull();
    expect(consumeRecoveryCode(null, 'aaaaa-aaaaa')).toBeNull();
    expect(consumeRecoveryCode(stored, '')).toBeNull();
  });
});
