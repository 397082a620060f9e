import { isOneOf } from '../one-of';
/** The one permission table. Roles are sets of permissions; API tokens carry a subset. */
export const PERMISSIONS = [
  'customers:read',
  'customers:write', // create, edit, delete
  'customers:operate', // deploy, start, stop, restart
  'customers:logs',
  'customers:credentials',
  'monitoring:read',
  'settings:read',
  'settings:write',
  'users:manage',
  'audit:read',
  'tokens:manage', // own API tokens; someone else's also needs users:manage
  'account:manage', // own profile, password, second factor, sign-out everywhere
  'backups:run', // back up a customer now, see its snapshots
  'backups:restore', // restore a snapshot, repository settings, disaster recovery
  'metrics:read', // the Prometheus exporter (/api/metrics)
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['admin', 'operator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  operator: ['customers:read', 'customers:write', 'customers:operate', 'customers:logs', 'monitoring:read', 'tokens:manage', 'account:manage', 'backups:run'],
  viewer: ['customers:read', 'monitoring:read', 'tokens:manage', 'account:manage'],
};

export function permissionsOf(role: string): readonly Permission[] {
  const known = ROLES.find((r) => r === role);
  return known ? ROLE_PERMISSIONS[known] : [];
}

export function roleHas(role: string, permission: Permission): boolean {
  return permissionsOf(role).includes(permission);
}

export function isRole(value: unknown): value is Role {
  return isOneOf(ROLES, value);
}
