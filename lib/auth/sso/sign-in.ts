import { recordAuditSafely } from '../../audit/record';
import { db } from '../../db';
import type { Prisma } from '../../generated/prisma/client';
import type { SsoConfig } from './config';
import { externalIdOf, identityFromClaims, usernameCandidate, type SsoIdentity } from './identity';
import { groupsOf, isInAllowedGroups, mapSsoRole } from './map-role';

/** Why an SSO sign-in was refused; each is a message key `sso.errors.<code>` on the login page. */
export type SsoRefusal = 'SSO_NOT_IN_GROUP' | 'SSO_ACCOUNT_DISABLED' | 'SSO_INVALID_PROFILE';

export type SsoOutcome = { ok: true; userId: string; tokenVersion: number; created: boolean } | { ok: false; code: SsoRefusal };

type Tx = Prisma.TransactionClient;

async function freeUsername(tx: Tx, identity: SsoIdentity): Promise<string> {
  const base = usernameCandidate(identity);
  // Never adopt an existing account by name: a local "admin" must not become an SSO login.
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await tx.user.findUnique({ where: { username: candidate }, select: { id: true } }))) return candidate;
  }
  return `sso-${identity.subject.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 40)}-${Date.now()}`;
}

async function refuse(code: SsoRefusal, who: string, address: string, details: Record<string, unknown>): Promise<SsoOutcome> {
  await recordAuditSafely(null, { action: 'auth.sso_login', actorName: who, address, success: false, details: { reason: code, ...details } });
  return { ok: false, code };
}

/**
 * The one SSO sign-in: allowed groups → find by issuer+subject or create
 * (no password) → refresh name, email and mapped role → refuse disabled
 * accounts → audit. Runs after the issuer's ID token has been verified.
 */
export async function signInWithSso(claims: Record<string, unknown>, config: SsoConfig, address: string): Promise<SsoOutcome> {
  const identity = identityFromClaims(claims, config.issuer);
  if (!identity) return refuse('SSO_INVALID_PROFILE', 'sso', address, { issuer: config.issuer });
  const who = identity.preferredUsername ?? identity.email ?? identity.subject;
  const groups = groupsOf(claims);
  if (!isInAllowedGroups(groups, config.allowedGroups)) return refuse('SSO_NOT_IN_GROUP', who, address, { groups });
  const role = mapSsoRole(groups, config.groupRoles, config.defaultRole);
  const externalId = externalIdOf(identity);

  const result = await db().$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { externalId } });
    if (existing?.disabled) return { disabled: true as const, username: existing.username };
    const data = { email: identity.email, role, authProvider: config.provider, lastLoginAt: new Date() };
    const user = existing
      ? await tx.user.update({ where: { id: existing.id }, data })
      : await tx.user.create({ data: { ...data, username: await freeUsername(tx, identity), externalId, passwordHash: null } });
    return { disabled: false as const, user, created: !existing, previousRole: existing?.role ?? null };
  });
  if (result.disabled) return refuse('SSO_ACCOUNT_DISABLED', result.username, address, { external: true });

  const { user, created, previousRole } = result;
  await recordAuditSafely(null, {
    action: 'auth.sso_login',
    actorName: user.username,
    address,
    target: `user:${user.username}`,
    details: { provider: config.provider, created, role, ...(previousRole && previousRole !== role ? { previous_role: previousRole } : {}), name: identity.name },
  });
  return { ok: true, userId: user.id, tokenVersion: user.tokenVersion, created };
}
