import 'server-only';
import { db } from '../db';
import { isAppError } from '../errors';
import { log } from '../log';
import { ensureAccountDnsDomain, getInstanceVersion, listSetupKeys, listUsers } from '../netbird/insight-client';
import { listPeers } from '../netbird/tenant-client';
import { raiseEvent, resolveEvent } from '../notifications/raise-event';
import { summarisePeers } from './summarise';
import { ensureServiceToken, recreateServiceToken, ROTATE_WITHIN_DAYS, type ServiceToken, type TokenOutcome } from './service-token';

/**
 * One tenant's insight, read from its NetBird API with the appliance's service token and cached
 * in TenantInsight (and the peer counts on Customer, which the list, metrics and fleet gate read).
 * A failed read keeps the last figures and marks them stale with the reason and since when.
 * Called by the scheduler (lib/insight/scheduler.ts) only, never from a request.
 */
export interface GatherResult {
  ok: boolean;
  reason?: string;
  tokenChanged?: 'created' | 'rotated' | null;
}

type Tenant = { id: string; name: string; subdomain: string; maxDevices: number; deployment: { keepDnsDomain: string | null; insightTokenExpiresAt: Date | null } | null };

function subject(c: Tenant): string {
  return c.name === c.subdomain ? c.name : `${c.name} (${c.subdomain})`;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function readAll(t: ServiceToken) {
  const [peers, users, keys, version] = await Promise.all([
    listPeers(t.base, t.token),
    listUsers(t.base, t.token),
    listSetupKeys(t.base, t.token),
    getInstanceVersion(t.base, t.token),
  ]);
  return { peers, users, keys, version };
}

async function tokenTrouble(c: Tenant, now: Date, reason: string): Promise<void> {
  await db().tenantInsight.upsert({ where: { customerId: c.id }, create: { customerId: c.id, tokenError: reason }, update: { tokenError: reason } });
  const expires = c.deployment?.insightTokenExpiresAt;
  if (expires && expires.getTime() - now.getTime() < ROTATE_WITHIN_DAYS * 86_400_000) {
    await raiseEvent({ kind: 'netbird.token_expiring', key: c.id, customerId: c.id, params: { subject: subject(c), detail: `${reason}; expires ${expires.toISOString()}` } });
  }
}

/** The service token, rotated when due; a failed rotation is recorded and told, the old token still serves. */
async function obtainToken(c: Tenant, now: Date): Promise<TokenOutcome> {
  let outcome: TokenOutcome;
  try {
    outcome = await ensureServiceToken(c.id, now);
  } catch (err) {
    const reason = `NetBird API token: ${message(err)}`;
    await tokenTrouble(c, now, reason);
    throw new Error(reason);
  }
  if (outcome.rotationError) {
    await tokenTrouble(c, now, `Rotating the NetBird API token failed: ${outcome.rotationError}`);
    return outcome;
  }
  await db().tenantInsight.upsert({ where: { customerId: c.id }, create: { customerId: c.id }, update: { tokenError: null } });
  if (outcome.changed) await resolveEvent('netbird.token_expiring', c.id);
  return outcome;
}

export async function gatherInsight(customerId: string, now = new Date()): Promise<GatherResult> {
  const c = await db().customer.findUnique({
    where: { id: customerId },
    select: { id: true, name: true, subdomain: true, maxDevices: true, deployment: { select: { keepDnsDomain: true, insightTokenExpiresAt: true } } },
  });
  if (!c?.deployment) return { ok: false, reason: 'not deployed' };
  let changed: GatherResult['tokenChanged'] = null;
  try {
    const obtained = await obtainToken(c, now);
    changed = obtained.changed;
    let token = obtained.token;
    const figures = await readAll(token).catch(async (err: unknown) => {
      if (!isAppError(err, 'TENANT_AUTH_FAILED')) throw err;
      // The stored token was revoked in NetBird: one fresh start from the owner's token.
      token = await recreateServiceToken(c.id);
      changed = 'created';
      return readAll(token);
    });
    if (c.deployment.keepDnsDomain) await ensureAccountDnsDomain(token.base, token.token, c.deployment.keepDnsDomain);
    const s = summarisePeers(figures.peers);
    const data = {
      peersTotal: s.total,
      peersConnected: s.connected,
      lastSeenAt: s.lastSeenAt,
      clientVersions: JSON.stringify(s.versions),
      usersTotal: figures.users.filter((u) => !u.is_service_user).length,
      serviceUsers: figures.users.filter((u) => u.is_service_user).length,
      setupKeysTotal: figures.keys.length,
      setupKeysValid: figures.keys.filter((k) => k.valid).length,
      managementVersion: figures.version.management_current_version,
      updateAvailable: figures.version.management_update_available,
      availableVersion: figures.version.management_available_version ?? null,
      gatheredAt: now,
      attemptedAt: now,
      staleReason: null,
      staleSince: null,
    };
    await db().$transaction([
      db().tenantInsight.upsert({ where: { customerId: c.id }, create: { customerId: c.id, ...data }, update: data }),
      db().customer.update({ where: { id: c.id }, data: { peersTotal: s.total, peersConnected: s.connected, peersCheckedAt: now } }),
    ]);
    await checkDevices(c, s.total);
    return { ok: true, tokenChanged: changed };
  } catch (err) {
    const reason = message(err);
    const prev = await db().tenantInsight.findUnique({ where: { customerId: c.id }, select: { staleSince: true } });
    const stale = { attemptedAt: now, staleReason: reason, staleSince: prev?.staleSince ?? now };
    await db().tenantInsight.upsert({ where: { customerId: c.id }, create: { customerId: c.id, ...stale }, update: stale });
    log.debug('tenant insight unavailable', { customerId: c.id, error: reason });
    return { ok: false, reason, tokenChanged: changed };
  }
}

/** More peers than the customer's max_devices: flagged in the views and told once as an event. */
async function checkDevices(c: Tenant, total: number): Promise<void> {
  if (total > c.maxDevices) {
    await raiseEvent({ kind: 'tenant.over_devices', key: c.id, customerId: c.id, params: { subject: subject(c), detail: `${total} of ${c.maxDevices} devices`, total, max: c.maxDevices } });
  } else {
    await resolveEvent('tenant.over_devices', c.id);
  }
}
