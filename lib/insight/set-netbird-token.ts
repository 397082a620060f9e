import 'server-only';
import type { Actor } from '../auth/actor';
import { recordAudit } from '../audit/record';
import { encryptSecret } from '../crypto';
import { db } from '../db';
import { AppError, isAppError } from '../errors';
import { listUsers } from '../netbird/insight-client';
import { gatherSoon } from './scheduler';
import type { SetNetbirdTokenInput } from './schemas';
import { tenantApiBase } from './tenant-address';

/**
 * A NetBird API token pasted for a tenant the appliance holds none for: its owner was set up by
 * the customer through the setup URL, so no token came back from NetBird's setup call. One call to
 * the tenant's API proves the token before it is stored: listing the service users, which both
 * needs a valid token and the rights the appliance's own service user is then created with. A
 * refused token is 422 on `token`; an unreachable tenant 502; either way nothing is stored. The
 * token is sealed where the owner's setup token would be (`Deployment.ownerToken`), so the
 * appliance's service user and its rotating token (service-token.ts) come from it, as after an
 * owner setup of its own; a gather is queued at once.
 */
export async function setNetbirdToken(actor: Actor, customerId: string, input: SetNetbirdTokenInput): Promise<{ stored: true }> {
  const customer = await db().customer.findUnique({ where: { id: customerId }, select: { subdomain: true, deployment: { select: { deployedAt: true, dashboardPort: true, hostId: true } } } });
  if (!customer) throw new AppError('NOT_FOUND', 'Customer not found.');
  const d = customer.deployment;
  if (!d?.deployedAt) throw new AppError('CONFLICT', 'This customer has not been deployed yet: deploy it first.');
  const audit = { action: 'customer.netbird_token_set', target: `customer:${customer.subdomain}` };
  try {
    await listUsers(tenantApiBase(d), input.token, true);
  } catch (err) {
    await recordAudit(actor, { ...audit, success: false, details: { error: isAppError(err) ? err.code : 'INTERNAL' } });
    if (!isAppError(err, 'TENANT_AUTH_FAILED')) throw err;
    throw new AppError('VALIDATION_FAILED', 'Invalid value for: token', {
      fields: [{ path: 'token', message: `NetBird refused this token: ${err.message}. Use a token of an owner or admin of this NetBird account.`, code: 'token_refused' }],
    });
  }
  await db().deployment.update({ where: { customerId }, data: { ownerToken: encryptSecret(input.token) } });
  await recordAudit(actor, audit);
  gatherSoon(customerId);
  return { stored: true };
}
