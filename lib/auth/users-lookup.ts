import { db } from '../db';
import { cachedRead } from '../read-cache';
import type { Actor } from './actor';
import { isRole, permissionsOf, type Permission } from './permissions';

export interface ActiveUser {
  id: string;
  username: string;
  role: string;
  disabled: boolean;
  tokenVersion: number;
}

/** The user row every request checks its credential against; re-read only when the database changed. */
function readUser(userId: string): Promise<(ActiveUser & { language: string | null; theme: string | null }) | null> {
  return cachedRead(`user:${userId}`, [], () =>
    db().user.findUnique({
      where: { id: userId },
      select: { id: true, username: true, role: true, disabled: true, tokenVersion: true, language: true, theme: true },
    }),
  );
}

/** The user behind a credential, only when it still exists, is enabled and the token version matches. */
export async function findActiveUser(userId: string, tokenVersion: number): Promise<ActiveUser | null> {
  const user = await readUser(userId);
  if (!user || user.disabled || user.tokenVersion !== tokenVersion || !isRole(user.role)) return null;
  return user;
}

export function userActor(user: ActiveUser, kind: Actor['kind'], address?: string, scopes?: readonly Permission[]): Actor {
  const role = isRole(user.role) ? user.role : 'viewer';
  const rolePerms = permissionsOf(role);
  return {
    kind,
    userId: user.id,
    username: user.username,
    role,
    permissions: scopes ? rolePerms.filter((p) => scopes.includes(p)) : rolePerms,
    address,
  };
}

/** The saved language and theme of a user, from the same cached row. */
export async function userPreferences(userId: string): Promise<{ language: string | null; theme: string | null } | null> {
  const user = await readUser(userId);
  return user ? { language: user.language, theme: user.theme } : null;
}
