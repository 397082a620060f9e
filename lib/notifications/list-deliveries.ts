import 'server-only';
import { db } from '../db';
import type { DeliveryView } from './schemas';
import { stringField } from '../caught';

/** The delivery log, newest first: what was sent where, the answer's status code, our reason. */
export async function listDeliveries(q: { channel_id?: string; limit: number }): Promise<{ items: DeliveryView[] }> {
  const rows = await db().notificationDelivery.findMany({
    where: q.channel_id ? { channelId: q.channel_id } : undefined,
    orderBy: { createdAt: 'desc' },
    take: q.limit,
    include: { channel: { select: { name: true } }, event: { select: { kind: true, params: true } } },
  });
  return {
    items: rows.map((r) => {
      const subject = r.event ? stringField(JSON.parse(r.event.params), 'subject') : undefined;
      return {
        id: r.id,
        channel_id: r.channelId,
        channel_name: r.channel.name,
        event_kind: r.event?.kind ?? 'test',
        phase: r.phase,
        state: r.state,
        attempts: r.attempts,
        last_status: r.lastStatus,
        last_error: r.lastError,
        subject: subject ?? null,
        created_at: r.createdAt.toISOString(),
        sent_at: r.sentAt?.toISOString() ?? null,
        next_attempt_at: r.state === 'pending' ? r.nextAttemptAt.toISOString() : null,
      };
    }),
  };
}
