import 'server-only';
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { env } from './env';

/**
 * Secrets at rest: AES-256-GCM with a key derived from SECRET_KEY by HKDF.
 * Ciphertext format: `v1.<iv>.<tag>.<data>` (base64url). The version names the
 * derivation, so a future key rotation can decrypt old values and re-encrypt.
 */
const VERSION = 'v1';
type Purpose = 'encryption' | 'signing';

const keyCache = new Map<string, Buffer>();

export function deriveKey(secret: string, purpose: Purpose, version = VERSION): Buffer {
  const id = `${version}:${purpose}:${createHash('sha256').update(secret).digest('hex')}`;
  let key = keyCache.get(id);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, 'netbird-msp-appliance', `${purpose}:${version}`, 32));
    keyCache.set(id, key);
  }
  return key;
}

export function encryptSecret(plain: string, secret = env().SECRET_KEY): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(secret, 'encryption'), iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString('base64url'), tag.toString('base64url'), data.toString('base64url')].join('.');
}

export function decryptSecret(stored: string, secret = env().SECRET_KEY): string {
  const parts = stored.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) throw new Error('Unsupported ciphertext format');
  const [version, iv, tag, data] = parts;
  const decipher = createDecipheriv('aes-256-gcm', deriveKey(secret, 'encryption', version), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('Secret could not be decrypted: it was tampered with or SECRET_KEY changed');
  }
}

export function isEncrypted(value: string): boolean {
  return /^v\d+\.[\w-]+\.[\w-]+\.[\w-]*$/.test(value);
}

export function hmac(value: string, secret = env().SECRET_KEY): string {
  return createHmac('sha256', deriveKey(secret, 'signing')).update(value).digest('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
