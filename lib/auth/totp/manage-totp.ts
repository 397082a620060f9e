import QRCode from 'qrcode';
import { recordAudit } from '../../audit/record';
import { db } from '../../db';
import { AppError } from '../../errors';
import { getSettings } from '../../settings/store';
import type { Actor } from '../actor';
import { beginLoginAttempt, refundLoginAttempt } from '../rate-limit';
import { generateRecoveryCodes, hashRecoveryCode, parseRecoveryHashes } from './recovery-codes';
import type { TotpConfirmation, TotpEnrolment, TotpStatus } from './schemas';
import { sealTotp } from './secret-store';
import { generateTotpSecret, otpauthUri } from './totp';
import { consumeSecondFactor, consumeTotpCode } from './verify-code';

async function loadOwnUser(actor: Actor) {
  // Tokens cannot change a second factor: it protects the password sign-in the token came from.
  if (!actor.userId || actor.kind === 'api_token') throw new AppError('FORBIDDEN', 'Sign in as the user to change their second factor.');
  const user = await db().user.findUnique({ where: { id: actor.userId } });
  if (!user) throw new AppError('NOT_FOUND', 'User not found.');
  return user;
}

export async function readTotpStatus(actor: Actor): Promise<TotpStatus> {
  const user = await loadOwnUser(actor);
  return {
    enabled: user.totpEnabled,
    pending: !user.totpEnabled && Boolean(user.totpSecret),
    recovery_codes_left: user.totpEnabled ? parseRecoveryHashes(user.recoveryCodes).length : 0,
    available: user.authProvider === 'local',
  };
}

/** Step 1: a new secret, stored encrypted but not in force until a code confirms it. */
export async function startTotpEnrolment(actor: Actor): Promise<TotpEnrolment> {
  const user = await loadOwnUser(actor);
  if (user.authProvider !== 'local') throw new AppError('TOTP_NOT_LOCAL', 'This account signs in through single sign-on; its second factor is managed by the identity provider.');
  if (user.totpEnabled) throw new AppError('TOTP_ALREADY_ENABLED', 'Two-factor sign-in is already on. Turn it off first to enrol a new device.');
  const secret = generateTotpSecret();
  const { branding_name } = await getSettings();
  const uri = otpauthUri(secret, user.username, branding_name);
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { totpSecret: sealTotp({ secret, lastStep: null }), recoveryCodes: null } });
    await recordAudit(actor, { action: 'totp.enrol_start', target: `user:${user.username}` }, tx);
  });
  return { secret, otpauth_uri: uri, qr_code: await QRCode.toDataURL(uri, { margin: 1, width: 220 }) };
}

/** Step 2: a valid code switches the second factor on; the recovery codes are returned this once. */
export async function confirmTotpEnrolment(actor: Actor, code: string): Promise<TotpConfirmation> {
  const user = await loadOwnUser(actor);
  if (user.totpEnabled) throw new AppError('TOTP_ALREADY_ENABLED', 'Two-factor sign-in is already on.');
  if (!user.totpSecret) throw new AppError('TOTP_NOT_ENABLED', 'Start the enrolment first: scan a new QR code.');
  const address = actor.address ?? 'unknown';
  beginLoginAttempt(user.username, address);
  if (!(await consumeTotpCode(user, code))) {
    throw new AppError('INVALID_TOTP', 'The code is wrong or expired. Check the time on your phone and enter the current code.');
  }
  refundLoginAttempt(user.username, address);
  const codes = generateRecoveryCodes();
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { totpEnabled: true, recoveryCodes: JSON.stringify(codes.map(hashRecoveryCode)) } });
    await recordAudit(actor, { action: 'totp.enable', target: `user:${user.username}` }, tx);
  });
  return { enabled: true, recovery_codes: codes };
}

/** Turning the second factor off needs a current code or a recovery code, not just a session. */
export async function disableTotp(actor: Actor, code: string): Promise<{ enabled: false }> {
  const user = await loadOwnUser(actor);
  if (!user.totpEnabled) throw new AppError('TOTP_NOT_ENABLED', 'Two-factor sign-in is not on for this account.');
  const address = actor.address ?? 'unknown';
  beginLoginAttempt(user.username, address);
  if (!(await consumeSecondFactor(user.id, code))) {
    throw new AppError('INVALID_TOTP', 'The code is wrong or expired. Enter the current code from your app or a recovery code.');
  }
  refundLoginAttempt(user.username, address);
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { totpEnabled: false, totpSecret: null, recoveryCodes: null } });
    await recordAudit(actor, { action: 'totp.disable', target: `user:${user.username}` }, tx);
  });
  return { enabled: false };
}

/** An administrator removes another user's second factor (lost phone); the user can enrol again. */
export async function resetUserTotp(actor: Actor, userId: string): Promise<{ reset: true }> {
  const user = await db().user.findUnique({ where: { id: userId } });
  if (!user) throw new AppError('NOT_FOUND', 'User not found.');
  await db().$transaction(async (tx) => {
    // A reset usually follows a lost phone: end that user's sessions and access tokens too.
    await tx.user.update({ where: { id: user.id }, data: { totpEnabled: false, totpSecret: null, recoveryCodes: null, tokenVersion: { increment: 1 } } });
    await recordAudit(actor, { action: 'totp.reset', target: `user:${user.username}`, details: { was_enabled: user.totpEnabled } }, tx);
  });
  return { reset: true };
}
