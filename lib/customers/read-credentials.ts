import 'server-only';
import type { Actor } from '../auth/actor';
import { recordAudit } from '../audit/record';
import { db } from '../db';
import { AppError } from '../errors';
import { readOwnerCredentials, type OwnerCredentials } from '../jobs/owner-setup';

/** The tenant owner's credentials. Admin only (checked by the caller), and every read is audited. */
export async function readCustomerCredentials(actor: Actor, id: string): Promise<OwnerCredentials & { customer_id: string }> {
  const customer = await db().customer.findUnique({ where: { id }, select: { id: true, subdomain: true } });
  if (!customer) throw new AppError('NOT_FOUND', 'Customer not found.');
  await recordAudit(actor, { action: 'customer.credentials.read', target: `customer:${customer.subdomain}` });
  return { customer_id: id, ...(await readOwnerCredentials(id)) };
}
