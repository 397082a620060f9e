import { z } from 'zod';
import { AppError } from '../errors';
import { authorized, parseBody } from './tenant-client';

/**
 * The parts of a tenant's NetBird REST API the appliance reads and the token lifecycle it drives
 * (shapes of NetBird's management openapi.yml: User, PersonalAccessToken(Generated), SetupKey,
 * InstanceVersionInfo, Account). Every call needs a personal access token; a refused token is
 * TENANT_AUTH_FAILED, anything else that fails TENANT_UNREACHABLE.
 */

const userSchema = z.looseObject({
  id: z.string(),
  email: z.string().optional(),
  name: z.string().optional(),
  role: z.string(),
  status: z.string().optional(),
  is_service_user: z.boolean().optional(),
  is_current: z.boolean().optional(),
});

const tokenSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  expiration_date: z.string(),
  created_at: z.string().optional(),
  last_used: z.string().nullish(),
});

const generatedTokenSchema = z.object({ plain_token: z.string().min(1), personal_access_token: tokenSchema });

const setupKeySchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  valid: z.boolean(),
  revoked: z.boolean().optional(),
  state: z.string().optional(),
});

const versionSchema = z.looseObject({
  management_current_version: z.string(),
  management_update_available: z.boolean(),
  management_available_version: z.string().optional(),
});

const accountSchema = z.looseObject({ id: z.string(), settings: z.looseObject({ dns_domain: z.string().optional() }) });

export type TenantUser = z.infer<typeof userSchema>;
export type TenantToken = z.infer<typeof tokenSchema>;
export type GeneratedToken = z.infer<typeof generatedTokenSchema>;
export type TenantSetupKey = z.infer<typeof setupKeySchema>;
export type InstanceVersion = z.infer<typeof versionSchema>;

/** NetBird accepts 1-365 days for a personal access token (PersonalAccessTokenRequest.expires_in). */
export const MAX_TOKEN_DAYS = 365;

const post = (body: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(body) });
const id = (value: string) => encodeURIComponent(value);

export async function listUsers(base: string, token: string, serviceUsers?: boolean): Promise<TenantUser[]> {
  const path = serviceUsers === undefined ? '/api/users' : `/api/users?service_user=${serviceUsers}`;
  return parseBody(await authorized(base, token, path), z.array(userSchema), 'GET /api/users');
}

/** A service user (no login, no email) with the given role; NetBird's UserCreateRequest. */
export async function createServiceUser(base: string, token: string, name: string, role: 'admin' | 'user'): Promise<TenantUser> {
  const res = await authorized(base, token, '/api/users', post({ name, role, auto_groups: [], is_service_user: true }));
  return parseBody(res, userSchema, 'POST /api/users');
}

export async function createToken(base: string, token: string, userId: string, name: string, expiresInDays: number): Promise<GeneratedToken> {
  if (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > MAX_TOKEN_DAYS) {
    throw new AppError('VALIDATION_FAILED', `A NetBird token lives 1-${MAX_TOKEN_DAYS} days, not ${expiresInDays}`);
  }
  const res = await authorized(base, token, `/api/users/${id(userId)}/tokens`, post({ name, expires_in: expiresInDays }));
  return parseBody(res, generatedTokenSchema, 'POST /api/users/{id}/tokens');
}

export async function listTokens(base: string, token: string, userId: string): Promise<TenantToken[]> {
  return parseBody(await authorized(base, token, `/api/users/${id(userId)}/tokens`), z.array(tokenSchema), 'GET /api/users/{id}/tokens');
}

/** Deleting a token that is gone already (404) counts as done. */
export async function deleteToken(base: string, token: string, userId: string, tokenId: string): Promise<void> {
  const res = await authorized(base, token, `/api/users/${id(userId)}/tokens/${id(tokenId)}`, { method: 'DELETE' });
  await res.body?.cancel();
  if (!res.ok && res.status !== 404) throw new AppError('TENANT_UNREACHABLE', `NetBird DELETE /api/users/{id}/tokens/{id} answered HTTP ${res.status}`);
}

export async function listSetupKeys(base: string, token: string): Promise<TenantSetupKey[]> {
  return parseBody(await authorized(base, token, '/api/setup-keys'), z.array(setupKeySchema), 'GET /api/setup-keys');
}

export async function getInstanceVersion(base: string, token: string): Promise<InstanceVersion> {
  return parseBody(await authorized(base, token, '/api/instance/version'), versionSchema, 'GET /api/instance/version');
}

/**
 * Makes the account's peer DNS domain `domain` (account setting dns_domain, which NetBird prefers
 * over the server's own). NetBird's PUT takes the whole settings object, so the current one is
 * read and sent back with only dns_domain changed. Returns false when it was already set.
 */
export async function ensureAccountDnsDomain(base: string, token: string, domain: string): Promise<boolean> {
  const accounts = await parseBody(await authorized(base, token, '/api/accounts'), z.array(accountSchema), 'GET /api/accounts');
  const account = accounts[0];
  if (!account) throw new AppError('TENANT_UNREACHABLE', 'NetBird GET /api/accounts listed no account');
  if (account.settings.dns_domain === domain) return false;
  const res = await authorized(base, token, `/api/accounts/${id(account.id)}`, { method: 'PUT', body: JSON.stringify({ settings: { ...account.settings, dns_domain: domain } }) });
  await parseBody(res, accountSchema, 'PUT /api/accounts/{id}');
  return true;
}
