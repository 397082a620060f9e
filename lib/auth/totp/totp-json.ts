import { z } from 'zod';
import { parseJsonColumn } from '../../json-column';

// User.totpSecret (decrypted): the shared secret `s` and the last accepted step `l`.
const sealedTotpJson = z.object({ s: z.string().min(1), l: z.number().int().nullable().optional() });
// User.recoveryCodes: the SHA-256 hashes of the unused recovery codes.
const recoveryHashesJson = z.array(z.string());

export function parseSealedTotp(plain: string): { secret: string; lastStep: number | null } {
  const { s, l } = parseJsonColumn(sealedTotpJson, plain, 'User.totpSecret');
  return { secret: s, lastStep: l ?? null };
}

export function parseRecoveryHashesJson(stored: string): string[] {
  return parseJsonColumn(recoveryHashesJson, stored, 'User.recoveryCodes');
}
