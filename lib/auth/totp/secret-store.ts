import { decryptSecret, encryptSecret } from '../../crypto';
import { parseSealedTotp } from './totp-json';

/**
 * What User.totpSecret holds, encrypted: the shared secret and the last step
 * a code was accepted for. Keeping the step inside the same encrypted value
 * lets one compare-and-swap update both check and record a code, so the same
 * code can never be accepted twice, not even by two requests at once.
 */
export interface StoredTotp {
  secret: string;
  lastStep: number | null;
}

export function sealTotp(value: StoredTotp): string {
  return encryptSecret(JSON.stringify({ s: value.secret, l: value.lastStep }));
}

export function openTotp(stored: string): StoredTotp {
  return parseSealedTotp(decryptSecret(stored));
}
