import { ROLES, isRole, type Role } from '../permissions';

/** The `groups` claim as a list of strings (Entra: group object ids; absent when not configured). */
export function groupsOf(claims: Record<string, unknown>): string[] {
  const raw = claims.groups;
  if (Array.isArray(raw)) return raw.filter((g): g is string => typeof g === 'string');
  if (typeof raw === 'string' && raw) return [raw];
  return [];
}

/** No allowed groups configured means every account of the issuer may sign in. */
export function isInAllowedGroups(groups: string[], allowed: string[]): boolean {
  return allowed.length === 0 || groups.some((g) => allowed.includes(g));
}

/** The most powerful role any of the user's groups maps to, else the default role for SSO users. */
export function mapSsoRole(groups: string[], groupRoles: Record<string, string>, defaultRole: Role): Role {
  const mapped = groups.map((g) => groupRoles[g]).filter(isRole);
  if (!mapped.length) return defaultRole;
  // ROLES is ordered from most to least powerful.
  return ROLES.find((r) => mapped.includes(r)) ?? defaultRole;
}
