import 'server-only';
import { db } from '../db';

/**
 * When each pending condition of one kind began (dedupe key → time), read from the database so
 * the clock of a "down that has not lasted long enough yet" survives a restart.
 */
export async function pendingSince(prefix: string): Promise<Map<string, number>> {
  const rows = await db().notificationPending.findMany({ where: { dedupeKey: { startsWith: prefix } } });
  return new Map(rows.map((r) => [r.dedupeKey, r.since.getTime()]));
}

/** Starts the clock of a condition (kept when it is already running). */
export async function markPending(dedupeKey: string, since: number): Promise<void> {
  await db().notificationPending.upsert({ where: { dedupeKey }, create: { dedupeKey, since: new Date(since) }, update: {} });
}

/** The condition ended (or was raised and is now an open event): its clock is dropped. */
export async function clearPending(dedupeKeys: string[]): Promise<void> {
  if (dedupeKeys.length) await db().notificationPending.deleteMany({ where: { dedupeKey: { in: dedupeKeys } } });
}
