import 'server-only';
import type { Actor } from '../auth/actor';
import { recordAudit } from '../audit/record';
import { db } from '../db';
import { AppError } from '../errors';
import type { MuteView } from './schemas';


export async function listMutes(): Promise<{ items: MuteView[] }> {
  const mutes = await db().notificationMute.findMany({ orderBy: { createdAt: 'asc' } });
  const customers = await db().customer.findMany({ where: { id: { in: mutes.map((m) => m.customerId) } }, select: { id: true, name: true, subdomain: true } });
  const byId = new Map(customers.map((c) => [c.id, c]));
  const now = new Date();
  return {
    items: mutes
      .filter((m) => byId.has(m.customerId) && (!m.until || m.until > now))
      .map((m) => ({ customer_id: m.customerId, name: byId.get(m.customerId)?.name ?? '', subdomain: byId.get(m.customerId)?.subdomain ?? '', until: m.until?.toISOString() ?? null })),
  };
}

/** Maintenance: the tenant's events are still recorded, but no channel is told. */
export async function muteCustomer(actor: Actor, input: { customer_id: string; hours: number | null }): Promise<void> {
  const customer = await db().customer.findUnique({ where: { id: input.customer_id }, select: { id: true, subdomain: true } });
  if (!customer) throw new AppError('VALIDATION_FAILED', 'No such customer', { fields: [{ path: 'customer_id', message: 'no such customer' }] });
  const until = input.hours ? new Date(Date.now() + input.hours * 3600_000) : null;
  await db().$transaction(async (tx) => {
    await tx.notificationMute.upsert({ where: { customerId: customer.id }, create: { customerId: customer.id, until }, update: { until } });
    await recordAudit(actor, { action: 'notifications.mute', target: `customer:${customer.subdomain}`, details: { hours: input.hours } }, tx);
  });
}

export async function unmuteCustomer(actor: Actor, customerId: string): Promise<void> {
  const deleted = await db().notificationMute.deleteMany({ where: { customerId } });
  if (deleted.count === 0) throw new AppError('NOT_FOUND', 'This customer is not muted');
  await recordAudit(actor, { action: 'notifications.unmute', target: `customer:${customerId}` });
}
