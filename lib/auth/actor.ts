import type { Permission, Role } from './permissions';
import { permissionsOf } from './permissions';
import { AppError } from '../errors';

/** Who is acting: a signed-in user (session or access token), an API token, or the system itself. */
export interface Actor {
  kind: 'session' | 'access_token' | 'api_token' | 'system';
  userId: string | null;
  username: string;
  role: Role;
  permissions: readonly Permission[];
  tokenId?: string;
  address?: string;
}

export const SYSTEM_ACTOR: Actor = {
  kind: 'system',
  userId: null,
  username: 'system',
  role: 'admin',
  permissions: permissionsOf('admin'),
};

export function can(actor: Actor, permission: Permission): boolean {
  return actor.permissions.includes(permission);
}

export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new AppError('UNAUTHENTICATED', 'Sign in or send a bearer token.');
  return actor;
}

/** The one permission check, used by the route wrapper and by every server action. */
export function requirePermission(actor: Actor | null, permission: Permission): Actor {
  const who = requireActor(actor);
  if (!can(who, permission)) {
    throw new AppError('FORBIDDEN', `Your role (${who.role}) is not allowed to do this (needs ${permission}).`);
  }
  return who;
}
