import { recordAuditSafely } from '../audit/record';
import { db } from '../db';
import { parseRecoveryHashes } from './totp/recovery-codes';
import { consumeSecondFactor } from './totp/verify-code';

/**
 * Second-factor check of password sign-in: a current TOTP code (each step
 * accepted once) or an unused recovery code (then spent). Reached only for
 * accounts with a confirmed second factor (login checks `totpEnabled` first).
 */
export async function verifySecondFactor(userId: string, code: string): Promise<boolean> {
  const method = await consumeSecondFactor(userId, code);
  if (method === 'recovery_code') {
    // Spending a recovery code changes the second factor: the owner should see it in the audit log.
    const user = await db().user.findUnique({ where: { id: userId }, select: { username: true, recoveryCodes: true } });
    const left = parseRecoveryHashes(user?.recoveryCodes ?? null).length;
    await recordAuditSafely(null, { action: 'totp.recovery_code_used', actorName: user?.username, target: `user:${user?.username}`, details: { remaining: left } });
  }
  return method !== null;
}
