import 'server-only';
import { randomBytes } from 'node:crypto';
import { decryptSecret, encryptSecret } from '../crypto';
import { db } from '../db';
import { AppError } from '../errors';

export interface TenantSecrets {
  encryptionKey: string;
  relaySecret: string;
  /** AES key of the built-in identity provider's session cookies (32 bytes, base64). */
  sessionCookieKey: string;
}

/** NetBird's DataStoreEncryptionKey: 32 random bytes, standard base64 with padding. */
/** A secret the lines before have just made sure is stored. */
function storedSecret(value: string | null, what: string): string {
  if (!value) throw new AppError('INTERNAL', `The tenant's ${what} is missing from its deployment record.`);
  return value;
}

export function generateEncryptionKey(): string {
  return randomBytes(32).toString('base64');
}

/** The relay secret: 32 random bytes, base64 with the `=` padding stripped. */
export function generateRelaySecret(): string {
  return randomBytes(32).toString('base64').replace(/=+$/, '');
}

export function isValidEncryptionKey(key: string): boolean {
  return /^[A-Za-z0-9+/]{43}=$/.test(key) && Buffer.from(key, 'base64').length === 32;
}

/**
 * The tenant's secrets, generated on the first deploy and reused on every later one.
 * A new key on existing data would lock the tenant out of its own store, so a stored
 * value is never replaced. The conditional update makes two racing deploys agree on one.
 */
export async function ensureSecrets(customerId: string): Promise<TenantSecrets> {
  const row = await db().deployment.findUnique({ where: { customerId } });
  if (!row) throw new AppError('NOT_FOUND', 'The customer has no deployment record yet: allocate its ports first');
  if (!row.encryptionKey) {
    await db().deployment.updateMany({ where: { customerId, encryptionKey: null }, data: { encryptionKey: encryptSecret(generateEncryptionKey()) } });
  }
  if (!row.relaySecret) {
    await db().deployment.updateMany({ where: { customerId, relaySecret: null }, data: { relaySecret: encryptSecret(generateRelaySecret()) } });
  }
  if (!row.sessionCookieKey) {
    // Generated once like the store key: a new one would sign every user out of the dashboard.
    await db().deployment.updateMany({ where: { customerId, sessionCookieKey: null }, data: { sessionCookieKey: encryptSecret(generateEncryptionKey()) } });
  }
  const stored = row.encryptionKey && row.relaySecret && row.sessionCookieKey ? row : await db().deployment.findUniqueOrThrow({ where: { customerId } });
  const secrets = {
    encryptionKey: decryptSecret(storedSecret(stored.encryptionKey, 'encryption key')),
    relaySecret: decryptSecret(storedSecret(stored.relaySecret, 'relay secret')),
    sessionCookieKey: decryptSecret(storedSecret(stored.sessionCookieKey, 'session cookie key')),
  };
  if (!isValidEncryptionKey(secrets.encryptionKey)) {
    // Never "repair" it: the tenant's data is encrypted with whatever is stored.
    throw new AppError('INTERNAL', 'The stored DataStoreEncryptionKey is malformed; restore it from a backup');
  }
  return secrets;
}
