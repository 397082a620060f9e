import 'server-only';
import { decryptSecret, encryptSecret } from '../crypto';
import { db } from '../db';
import { AppError, isAppError } from '../errors';
import { log } from '../log';
import { createServiceUser, createToken, deleteToken, listTokens, listUsers } from '../netbird/insight-client';
import { daysLeft } from './rate-limit';
import { tenantApiBase } from './tenant-address';

/**
 * The appliance's own identity in each tenant's NetBird: a service user `msp-appliance` (admin)
 * and a personal access token for it, sealed on the deployment with its id and expiry. The
 * owner's token is used once, to create them; the owner can later revoke their own token or leave
 * the company without the appliance losing access. NetBird tokens live at most 365 days, so the
 * token is replaced well before it expires: a new one is created and proven to work before the
 * old one is deleted, and the new one is stored before the old one goes.
 */
export const SERVICE_USER_NAME = 'msp-appliance';
export const TOKEN_DAYS = 180;
/** Rotate when fewer days than this are left. */
export const ROTATE_WITHIN_DAYS = 30;

export interface ServiceToken {
  base: string;
  token: string;
  userId: string;
  tokenId: string;
  expiresAt: Date;
}

export type TokenOutcome = {
  token: ServiceToken;
  changed: 'created' | 'rotated' | null;
  /** A due rotation failed; `token` is the old one, still valid until its expiry. */
  rotationError?: string;
};

type DeploymentRow = {
  customerId: string; dashboardPort: number; hostId: string; ownerToken: string | null;
  insightUserId: string | null; insightToken: string | null; insightTokenId: string | null; insightTokenExpiresAt: Date | null;
};

const SELECT = {
  customerId: true, dashboardPort: true, hostId: true, ownerToken: true,
  insightUserId: true, insightToken: true, insightTokenId: true, insightTokenExpiresAt: true,
} as const;

// One token change per tenant at a time: a rotation from the API and one from the gatherer
// must not both create a token and then delete each other's.
const g = globalThis as unknown as { tokenLocks?: Map<string, Promise<unknown>> };
function locked<T>(customerId: string, work: () => Promise<T>): Promise<T> {
  const locks = (g.tokenLocks ??= new Map());
  const next = (locks.get(customerId) ?? Promise.resolve()).then(work, work);
  const settled = next.catch(() => undefined);
  locks.set(customerId, settled);
  void settled.then(() => locks.get(customerId) === settled && locks.delete(customerId));
  return next;
}

async function load(customerId: string): Promise<DeploymentRow> {
  const d = await db().deployment.findUnique({ where: { customerId }, select: SELECT });
  if (!d) throw new AppError('CONFLICT', 'This customer has not been deployed yet.');
  return d;
}

function current(d: DeploymentRow): ServiceToken | null {
  if (!d.insightToken || !d.insightUserId || !d.insightTokenId || !d.insightTokenExpiresAt) return null;
  return { base: tenantApiBase(d), token: decryptSecret(d.insightToken), userId: d.insightUserId, tokenId: d.insightTokenId, expiresAt: d.insightTokenExpiresAt };
}

/** Creates a token for `userId` (authorised by `caller`), proves it works, and stores it. */
async function issue(d: DeploymentRow, caller: string, userId: string): Promise<ServiceToken> {
  const base = tenantApiBase(d);
  const stamp = new Date().toISOString().slice(0, 10);
  const made = await createToken(base, caller, userId, `${SERVICE_USER_NAME} ${stamp}`, TOKEN_DAYS);
  // A token NetBird created but then refuses is worth nothing: check before relying on it.
  const mine = await listTokens(base, made.plain_token, userId);
  if (!mine.some((t) => t.id === made.personal_access_token.id)) {
    throw new AppError('TENANT_UNREACHABLE', 'NetBird did not list the token it had just created');
  }
  const expiresAt = new Date(made.personal_access_token.expiration_date);
  if (Number.isNaN(expiresAt.getTime())) throw new AppError('TENANT_UNREACHABLE', 'NetBird returned a token without a valid expiration_date');
  await db().deployment.update({
    where: { customerId: d.customerId },
    data: { insightUserId: userId, insightToken: encryptSecret(made.plain_token), insightTokenId: made.personal_access_token.id, insightTokenExpiresAt: expiresAt },
  });
  return { base, token: made.plain_token, userId, tokenId: made.personal_access_token.id, expiresAt };
}

/** With the owner's token: find or create the service user, then give it a token. */
async function createFromOwner(d: DeploymentRow): Promise<ServiceToken> {
  if (!d.ownerToken) throw new AppError('CONFLICT', 'The appliance holds no NetBird API token for this customer (its owner was not set up by the appliance).');
  const owner = decryptSecret(d.ownerToken);
  const base = tenantApiBase(d);
  const existing = (await listUsers(base, owner, true)).find((u) => u.name === SERVICE_USER_NAME && u.is_service_user !== false);
  const user = existing ?? (await createServiceUser(base, owner, SERVICE_USER_NAME, 'admin'));
  return issue(d, owner, user.id);
}

/** New token first (authorised by the current one), then the old one deleted with the new one. */
async function replace(d: DeploymentRow, old: ServiceToken): Promise<ServiceToken> {
  const next = await issue(d, old.token, old.userId);
  await deleteToken(next.base, next.token, old.userId, old.tokenId).catch((err: unknown) => {
    // The new token is stored and works; the old one still expires by itself.
    log.warn('deleting the replaced NetBird token failed', { customerId: d.customerId, error: err instanceof Error ? err.message : String(err) });
  });
  return next;
}

/**
 * The token the insight uses: created from the owner's token when there is none yet (or NetBird
 * refuses the stored one, e.g. someone deleted it), rotated when fewer than ROTATE_WITHIN_DAYS
 * are left. Throws when neither works; the caller records why.
 */
export function ensureServiceToken(customerId: string, now = new Date()): Promise<TokenOutcome> {
  return locked(customerId, async () => {
    const d = await load(customerId);
    const have = current(d);
    if (!have) return { token: await createFromOwner(d), changed: 'created' };
    const left = daysLeft(have.expiresAt, now);
    if (left >= ROTATE_WITHIN_DAYS) return { token: have, changed: null };
    try {
      return { token: await replaceOrRecreate(d, have), changed: 'rotated' };
    } catch (err) {
      if (left <= 0) throw err;
      return { token: have, changed: null, rotationError: err instanceof Error ? err.message : String(err) };
    }
  });
}

/** On demand (admin): a new token now, whatever the old one's expiry. */
export function rotateServiceToken(customerId: string): Promise<ServiceToken> {
  return locked(customerId, async () => {
    const d = await load(customerId);
    const have = current(d);
    return have ? replaceOrRecreate(d, have) : createFromOwner(d);
  });
}

async function replaceOrRecreate(d: DeploymentRow, have: ServiceToken): Promise<ServiceToken> {
  try {
    return await replace(d, have);
  } catch (err) {
    // The stored token is refused (expired or deleted in NetBird): start again from the owner's.
    if (isAppError(err, 'TENANT_AUTH_FAILED') && d.ownerToken) return createFromOwner(d);
    throw err;
  }
}

/** The stored token when it is still usable, without any call to NetBird (for reads). */
export async function storedServiceToken(customerId: string): Promise<ServiceToken | null> {
  return current(await load(customerId));
}

/** After NetBird refused the stored token during a read: a new one from the owner's token. */
export function recreateServiceToken(customerId: string): Promise<ServiceToken> {
  return locked(customerId, async () => createFromOwner(await load(customerId)));
}
