import 'server-only';
import { db } from '../db';
import { AppError } from '../errors';
import type { Actor } from '../auth/actor';
import { hashPassword, verifyPassword } from '../auth/password';
import { recordAudit } from '../audit/record';
import { toUserView, type UpdateProfileInput, type UserView } from './schemas';

/** A user changing their own email, language, theme or password (the current one is required for that). */
export async function updateProfile(actor: Actor, input: UpdateProfileInput): Promise<UserView> {
  if (!actor.userId) throw new AppError('FORBIDDEN', 'Only users have a profile.');
  const user = await db().user.findUnique({ where: { id: actor.userId } });
  if (!user) throw new AppError('NOT_FOUND', 'User not found.');
  let passwordHash: string | undefined;
  if (input.password) {
    if (!user.passwordHash) throw new AppError('FORBIDDEN', 'This account signs in through single sign-on and has no password.');
    if (!(await verifyPassword(user.passwordHash, input.current_password ?? ''))) {
      throw new AppError('VALIDATION_FAILED', 'Invalid value for: current_password', {
        fields: [{ path: 'current_password', message: 'is wrong', code: 'custom' }],
      });
    }
    passwordHash = await hashPassword(input.password);
  }
  const row = await db().$transaction(async (tx) => {
    const updated = await tx.user.update({
      where: { id: user.id },
      data: {
        email: input.email,
        language: input.language,
        theme: input.theme,
        ...(passwordHash ? { passwordHash, tokenVersion: { increment: 1 } } : {}),
      },
    });
    const changed = Object.keys(input).filter((k) => k !== 'current_password');
    await recordAudit(actor, { action: 'user.update_profile', target: `user:${user.username}`, details: { changed } }, tx);
    return updated;
  });
  return toUserView(row);
}

/** Revokes every access token and browser session of the actor's user. */
export async function logoutEverywhere(actor: Actor): Promise<void> {
  const userId = actor.userId;
  if (!userId) return;
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { tokenVersion: { increment: 1 } } });
    await recordAudit(actor, { action: 'auth.logout', target: `user:${actor.username}` }, tx);
  });
}
