'use server';

import { requirePermission } from '@/lib/auth/actor';
import { currentActor } from '@/lib/auth/resolve-actor';
import { runAction, type ActionResult } from '@/lib/api/action';
import { resetUserTotp } from '@/lib/auth/totp/manage-totp';
import { createUser, deleteUser, updateUser } from '@/lib/users/manage-users';
import { createUserSchema, updateUserSchema, type UserView } from '@/lib/users/schemas';

// Each action checks the permission itself: a protected page does not protect the action behind it.

export async function createUserAction(input: unknown): Promise<ActionResult<UserView>> {
  return runAction(async () => {
    const actor = requirePermission(await currentActor(), 'users:manage');
    return createUser(actor, createUserSchema.parse(input));
  });
}

/** Role, language, disabled flag or a new password (which signs the user out everywhere). */
export async function updateUserAction(id: string, input: unknown): Promise<ActionResult<UserView>> {
  return runAction(async () => {
    const actor = requirePermission(await currentActor(), 'users:manage');
    return updateUser(actor, String(id), updateUserSchema.parse(input));
  });
}

export async function deleteUserAction(id: string): Promise<ActionResult<{ deleted: true }>> {
  return runAction(async () => {
    const actor = requirePermission(await currentActor(), 'users:manage');
    await deleteUser(actor, String(id));
    return { deleted: true as const };
  });
}

/** Lost phone: removes the user's second factor and ends their sessions; they enrol again. */
export async function resetUserTotpAction(id: string): Promise<ActionResult<{ reset: true }>> {
  return runAction(async () => {
    const actor = requirePermission(await currentActor(), 'users:manage');
    return resetUserTotp(actor, String(id));
  });
}
