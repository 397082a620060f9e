import { db } from '../../db';
import { matchTotpStep } from './totp';
import { consumeRecoveryCode } from './recovery-codes';
import { openTotp, sealTotp } from './secret-store';

export type SecondFactorMethod = 'totp' | 'recovery_code';

interface TotpRow {
  id: string;
  totpSecret: string | null;
  totpEnabled: boolean;
  recoveryCodes: string | null;
}

/**
 * Accepts a TOTP code once: the new last step is written only if the stored
 * value is still the one we checked against (compare-and-swap), so a replay
 * racing the first use loses.
 */
export async function consumeTotpCode(user: TotpRow, code: string, now = Date.now()): Promise<boolean> {
  if (!user.totpSecret) return false;
  const stored = openTotp(user.totpSecret);
  const step = matchTotpStep(stored.secret, code, stored.lastStep, now);
  if (step === null) return false;
  const result = await db().user.updateMany({
    where: { id: user.id, totpSecret: user.totpSecret },
    data: { totpSecret: sealTotp({ secret: stored.secret, lastStep: step }) },
  });
  return result.count === 1;
}

/** Removes a recovery code from the user's list; the same compare-and-swap makes it single-use. */
export async function consumeRecoveryCodeOnce(user: TotpRow, code: string): Promise<boolean> {
  const rest = consumeRecoveryCode(user.recoveryCodes, code);
  if (!rest) return false;
  const result = await db().user.updateMany({
    where: { id: user.id, recoveryCodes: user.recoveryCodes },
    data: { recoveryCodes: JSON.stringify(rest) },
  });
  return result.count === 1;
}

/** A six-digit code is tried as TOTP, anything else as a recovery code. Null: neither matched. */
export async function consumeSecondFactor(userId: string, code: string, now = Date.now()): Promise<SecondFactorMethod | null> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { id: true, totpSecret: true, totpEnabled: true, recoveryCodes: true } });
  if (!user?.totpEnabled) return null;
  const trimmed = code.trim();
  if (/^\d{3}\s?\d{3}$/.test(trimmed)) return (await consumeTotpCode(user, trimmed, now)) ? 'totp' : null;
  return (await consumeRecoveryCodeOnce(user, trimmed)) ? 'recovery_code' : null;
}
