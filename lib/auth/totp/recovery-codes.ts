import { randomBytes } from 'node:crypto';
import { sha256 } from '../../crypto';
import { parseRecoveryHashesJson } from './totp-json';

/**
 * One-time recovery codes for a lost authenticator: shown once, stored only
 * as SHA-256 hashes (JSON array in User.recoveryCodes), each usable once.
 */
export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** `xxxxx-xxxxx`: 50 bits from an alphabet without look-alike characters. */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from(randomBytes(10), (b) => ALPHABET[b % ALPHABET.length]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** What users type varies (case, spaces, a missing hyphen); the hash does not. */
export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export function hashRecoveryCode(code: string): string {
  return sha256(`recovery:${normalizeRecoveryCode(code)}`);
}

export function parseRecoveryHashes(stored: string | null): string[] {
  return stored ? parseRecoveryHashesJson(stored) : [];
}

/** The stored list without the code's hash, or null when the code is not (or no longer) in it. */
export function consumeRecoveryCode(stored: string | null, code: string): string[] | null {
  const hashes = parseRecoveryHashes(stored);
  const hash = hashRecoveryCode(code);
  const index = hashes.indexOf(hash);
  if (normalizeRecoveryCode(code).length !== 10 || index < 0) return null;
  return hashes.filter((_, i) => i !== index);
}
