import { z } from 'zod';
import { db } from '../db';
import { AppError } from '../errors';
import { recordAuditSafely } from '../audit/record';
import { recordLoginFailure } from '../audit/record-login-failure';
import { verifyPassword } from './password';
import { beginLoginAttempt, loginSucceeded, refundLoginAttempt } from './rate-limit';
import { verifySecondFactor } from './second-factor';

export const loginSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
  totp_code: z.string().trim().max(64).optional(),
});
export type LoginInput = z.infer<typeof loginSchema>;

export interface LoggedInUser {
  id: string;
  username: string;
  role: string;
  tokenVersion: number;
  language: string | null;
}

/**
 * The one password sign-in, behind both the browser login and the token
 * endpoint: count the attempt → password (bounded concurrency) → account state →
 * second factor → audit. Every refusal looks the same to the caller except lock-out and 2FA.
 */
export async function loginWithPassword(input: LoginInput, address: string): Promise<LoggedInUser> {
  const username = input.username.toLowerCase();
  // Counted before the hash: a parallel burst cannot outrun the limit.
  beginLoginAttempt(username, address);
  const user = await db().user.findUnique({ where: { username } });
  const ok = await verifyPassword(user?.passwordHash, input.password);
  if (!user || !ok) {
    await recordLoginFailure(username, address, 'invalid_credentials');
    throw new AppError('INVALID_CREDENTIALS', 'Wrong username or password.');
  }
  if (user.disabled) {
    await recordLoginFailure(username, address, 'disabled');
    throw new AppError('ACCOUNT_DISABLED', 'This account is disabled. Ask an administrator to enable it.');
  }
  if (user.totpEnabled) {
    if (!input.totp_code) {
      refundLoginAttempt(username, address);
      throw new AppError('TOTP_REQUIRED', 'Enter the code from your authenticator app.');
    }
    const passed = await verifySecondFactor(user.id, input.totp_code);
    if (!passed) {
      await recordLoginFailure(username, address, 'invalid_totp');
      throw new AppError('INVALID_TOTP', 'The authenticator code is wrong or expired.');
    }
  }
  loginSucceeded(username, address);
  await db().user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  await recordAuditSafely(null, { action: 'auth.login', actorName: username, address, details: { method: 'password' } });
  return { id: user.id, username: user.username, role: user.role, tokenVersion: user.tokenVersion, language: user.language };
}
