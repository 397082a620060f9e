import 'server-only';
import type { Actor } from '../auth/actor';
import { recordAudit } from '../audit/record';
import { db } from '../db';
import { AppError } from '../errors';
import { nudgeDispatcher } from './dispatch-signal';

/**
 * Queues a test message for one channel. It goes through the same outbox as every event, so the
 * result shows in the delivery log; the request never waits for a remote server. Audited, like
 * every request that makes the appliance contact an address an admin typed.
 */
export async function testChannel(actor: Actor, id: string): Promise<{ delivery_id: string }> {
  const channel = await db().notificationChannel.findUnique({ where: { id }, select: { id: true, kind: true } });
  if (!channel) throw new AppError('NOT_FOUND', 'No such notification channel');
  const delivery = await db().$transaction(async (tx) => {
    const created = await tx.notificationDelivery.create({ data: { channelId: id, phase: 'test' } });
    await recordAudit(actor, { action: 'notifications.channel_test', target: `channel:${id}`, details: { kind: channel.kind } }, tx);
    return created;
  });
  nudgeDispatcher();
  return { delivery_id: delivery.id };
}
