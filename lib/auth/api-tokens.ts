import { db } from '../db';
import { randomToken, sha256 } from '../crypto';
import { AppError } from '../errors';
import { can, type Actor } from './actor';
import { recordAudit } from '../audit/record';
import type { ApiTokenView, CreateApiTokenInput } from './api-token-schema';
import { parseScopes, scopesToJson } from './scopes-json';
import { userActor } from './users-lookup';

/** Long-lived API tokens: `nbmsp_<random>`, shown once, stored as SHA-256, scoped, revocable. */
export const API_TOKEN_PREFIX = 'nbmsp_';

export { createApiTokenSchema, type ApiTokenView, type CreateApiTokenInput } from './api-token-schema';

type TokenRow = { id: string; name: string; prefix: string; scopes: string; expiresAt: Date | null; lastUsedAt: Date | null; createdAt: Date };

export function toTokenView(t: TokenRow): ApiTokenView {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    scopes: parseScopes(t.scopes),
    expires_at: t.expiresAt?.toISOString() ?? null,
    last_used_at: t.lastUsedAt?.toISOString() ?? null,
    created_at: t.createdAt.toISOString(),
  };
}

export async function createApiToken(actor: Actor, input: CreateApiTokenInput): Promise<ApiTokenView & { token: string }> {
  const userId = actor.userId;
  if (!userId) throw new AppError('FORBIDDEN', 'Only users can own API tokens.');
  const scopes = input.scopes ?? [...actor.permissions];
  const beyond = scopes.filter((s) => !actor.permissions.includes(s));
  if (beyond.length) {
    throw new AppError('VALIDATION_FAILED', 'Invalid value for: scopes', {
      fields: [{ path: 'scopes', message: `exceed your own permissions: ${beyond.join(', ')}`, code: 'custom' }],
    });
  }
  const token = `${API_TOKEN_PREFIX}${randomToken(32)}`;
  const expiresAt = input.expires_in_days ? new Date(Date.now() + input.expires_in_days * 86_400_000) : null;
  const row = await db().$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: { name: input.name, userId, tokenHash: sha256(token), prefix: token.slice(0, 12), scopes: scopesToJson(scopes), expiresAt },
    });
    await recordAudit(actor, { action: 'token.create', target: `token:${created.id}`, details: { name: input.name, scopes } }, tx);
    return created;
  });
  return { ...toTokenView(row), token };
}

export async function listApiTokens(actor: Actor): Promise<ApiTokenView[]> {
  const rows = await db().apiToken.findMany({ where: { userId: actor.userId ?? '' }, orderBy: { createdAt: 'desc' } });
  return rows.map(toTokenView);
}

export async function revokeApiToken(actor: Actor, id: string): Promise<void> {
  const token = await db().apiToken.findUnique({ where: { id } });
  // Someone else's token needs users:manage as a permission of this very credential (an API
  // token's scopes, not its owner's role); without it, the token reads as missing.
  if (!token || (token.userId !== actor.userId && !can(actor, 'users:manage'))) throw new AppError('NOT_FOUND', 'API token not found.');
  await db().$transaction(async (tx) => {
    await tx.apiToken.delete({ where: { id } });
    await recordAudit(actor, { action: 'token.revoke', target: `token:${id}`, details: { name: token.name } }, tx);
  });
}

const LAST_USED_RESOLUTION_MS = 60_000;

/** The actor behind an API token, or null when unknown, expired or its user is disabled. */
export async function actorFromApiToken(token: string, address?: string): Promise<Actor | null> {
  const row = await db().apiToken.findUnique({
    where: { tokenHash: sha256(token) },
    include: { user: { select: { id: true, username: true, role: true, disabled: true, tokenVersion: true } } },
  });
  if (!row || row.user.disabled) return null;
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db().apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  const actor = userActor(row.user, 'api_token', address, parseScopes(row.scopes));
  return { ...actor, tokenId: row.id };
}
