import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createGuardrails, generateSync, NobleCryptoPlugin, ScureBase32Plugin } from 'otplib';

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP): HMAC-SHA-1,
 * 30-second steps, 6 digits — what every authenticator app expects by default.
 * The algorithm and the base32 codec are otplib's; the window and the refusal of a reused
 * step are ours. Pure functions: the caller keeps the last accepted step to refuse reuse.
 */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Accept the previous and the next step too, for clock drift and slow typing. */
export const TOTP_WINDOW = 1;

/** RFC 4226 allows secrets from 128 bits; test vectors and older secrets may be shorter. */
const guardrails = createGuardrails({ MIN_SECRET_BYTES: 1 });

const crypto = new NobleCryptoPlugin();
const base32 = new ScureBase32Plugin();

/** Base32 without padding, as authenticator apps show secrets (otplib's RFC 4648 codec). */
export function encodeBase32(bytes: Buffer): string {
  return base32.encode(new Uint8Array(bytes), { padding: false });
}

/** Decodes base32 as authenticator apps show it: case, spaces and padding do not matter. */
export function decodeBase32(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s=-]/g, '');
  if (!/^[A-Z2-7]*$/.test(clean)) throw new Error('not a base32 string');
  return Buffer.from(base32.decode(clean));
}

/** A new 160-bit shared secret (RFC 4226 recommends the HMAC-SHA-1 output length), base32. */
export function generateTotpSecret(): string {
  return encodeBase32(randomBytes(20));
}

/** RFC 4226 HOTP of one counter value (otplib): HMAC-SHA-1, dynamic truncation, `digits` digits. */
export function hotp(key: Buffer, counter: number, digits = TOTP_DIGITS): string {
  return generateSync({ strategy: 'hotp', secret: new Uint8Array(key), counter, digits, algorithm: 'sha1', crypto, base32, guardrails });
}

export function totpStep(nowMs = Date.now()): number {
  return Math.floor(nowMs / 1000 / TOTP_PERIOD_SECONDS);
}

export function totpCode(secretBase32: string, nowMs = Date.now(), digits = TOTP_DIGITS): string {
  return hotp(decodeBase32(secretBase32), totpStep(nowMs), digits);
}

/**
 * The step a code belongs to, if it is valid now (±TOTP_WINDOW) and newer
 * than `lastUsedStep` — a code, or an older one, is never accepted twice.
 */
export function matchTotpStep(secretBase32: string, code: string, lastUsedStep: number | null, nowMs = Date.now()): number | null {
  const digits = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(digits)) return null;
  const key = decodeBase32(secretBase32);
  const current = totpStep(nowMs);
  for (let step = current - TOTP_WINDOW; step <= current + TOTP_WINDOW; step++) {
    if (lastUsedStep !== null && step <= lastUsedStep) continue;
    if (timingSafeEqual(Buffer.from(hotp(key, step)), Buffer.from(digits))) return step;
  }
  return null;
}

/** The otpauth:// URI authenticator apps read from the QR code (Key Uri Format). */
export function otpauthUri(secretBase32: string, account: string, issuer: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const params = new URLSearchParams({ secret: secretBase32, issuer, algorithm: 'SHA1', digits: String(TOTP_DIGITS), period: String(TOTP_PERIOD_SECONDS) });
  return `otpauth://totp/${label}?${params.toString()}`;
}
