import 'server-only';
import type { Actor } from '../auth/actor';
import { recordAudit } from '../audit/record';
import { db } from '../db';
import { AppError } from '../errors';
import { resolveEvent } from '../notifications/raise-event';
import { gatherSoon } from './scheduler';
import { rotateServiceToken } from './service-token';

export interface RotatedToken {
  expires_at: string;
}

/**
 * An admin's "rotate now": a new token for the appliance's NetBird service user, proven to work,
 * then the old one deleted. Refused (409) for a customer the appliance holds no token for; a
 * tenant that cannot be reached answers 502 and nothing changes.
 */
export async function rotateNetbirdToken(actor: Actor, customerId: string): Promise<RotatedToken> {
  const customer = await db().customer.findUnique({ where: { id: customerId }, select: { subdomain: true, deployment: { select: { ownerToken: true, insightToken: true } } } });
  if (!customer) throw new AppError('NOT_FOUND', 'Customer not found.');
  if (!customer.deployment?.ownerToken && !customer.deployment?.insightToken) {
    throw new AppError('CONFLICT', 'The appliance holds no NetBird API token for this customer (its owner was not set up by the appliance).');
  }
  const audit = { action: 'customer.netbird_token_rotate', target: `customer:${customer.subdomain}` };
  try {
    const token = await rotateServiceToken(customerId);
    await db().tenantInsight.upsert({ where: { customerId }, create: { customerId }, update: { tokenError: null } });
    await recordAudit(actor, { ...audit, details: { expires_at: token.expiresAt.toISOString() } });
    await resolveEvent('netbird.token_expiring', customerId);
    // A full read with the new token, in the background: the card shows current figures soon after.
    gatherSoon(customerId);
    return { expires_at: token.expiresAt.toISOString() };
  } catch (err) {
    await recordAudit(actor, { ...audit, success: false, details: { error: err instanceof AppError ? err.code : 'INTERNAL' } });
    throw err;
  }
}
