import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { withHashSlot } from './hash-gate';

export { PASSWORD_MIN, passwordSchema } from './password-schema';

// argon2id with OWASP's recommended minimum cost (19 MiB, 2 passes).
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return withHashSlot(() => hash(password, OPTIONS));
}

// A fixed hash to verify against when the user does not exist, so timing does not reveal usernames.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (!stored) {
    dummyHash ??= hash('not-a-real-password-just-timing', OPTIONS);
    const dummy = await dummyHash;
    await withHashSlot(() => verify(dummy, password).catch(() => false));
    return false;
  }
  return withHashSlot(() => verify(stored, password).catch(() => false));
}

/** A readable random password: 20 characters from an unambiguous alphabet. */
export function generatePassword(length = 20): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
