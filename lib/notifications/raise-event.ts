import 'server-only';
import { db } from '../db';
import { log } from '../log';
import { loadChannel } from './channel-record';
import { channelWants, EVENT_KINDS, storedSeverity, type EventKind, type Severity } from './event-kinds';
import { nudgeDispatcher } from './dispatch-signal';
import { globalSingleton } from '../global-singleton';

export interface RaiseInput {
  kind: EventKind;
  /** What the event is about, unique within the kind: a customer id, a certificate id, `local:data`. */
  key: string;
  customerId?: string | null;
  /** `subject` names it in the message (a tenant's name, a domain); `detail` adds a reason. Never secrets. */
  params: { subject: string; detail?: string } & Record<string, string | number>;
  severity?: Severity;
}

// One process: events of the same key are raised and resolved one after the other, never twice at once.
const g = globalSingleton<{ notificationChain?: Promise<unknown> }>('notificationChain', () => ({}));
function serial<T>(work: () => Promise<T>): Promise<T> {
  const next = (g.notificationChain ?? Promise.resolve()).then(work, work);
  g.notificationChain = next.catch(() => undefined);
  return next;
}

async function isMuted(customerId: string | null | undefined): Promise<boolean> {
  if (!customerId) return false;
  const mute = await db().notificationMute.findUnique({ where: { customerId } });
  return Boolean(mute && (!mute.until || mute.until > new Date()));
}

async function enqueue(eventId: string, kind: string, severity: Severity, phase: 'raised' | 'resolved', customerId: string | null | undefined): Promise<number> {
  if (await isMuted(customerId)) return 0;
  const channels = (await db().notificationChannel.findMany({ where: { enabled: true } })).map(loadChannel);
  const wanted = channels.filter((c) => channelWants(c, kind, severity));
  if (wanted.length === 0) return 0;
  await db().notificationDelivery.createMany({ data: wanted.map((c) => ({ channelId: c.id, eventId, phase })) });
  nudgeDispatcher();
  return wanted.length;
}

/**
 * The one entry point for anything worth telling: records the event and queues one delivery per
 * channel that wants it. While an event of the same kind and key is open, raising it again does
 * nothing (that is the debounce every caller gets). Never throws: a notification must not fail
 * the work that noticed the problem.
 */
export function raiseEvent(input: RaiseInput): Promise<boolean> {
  return serial(async () => {
    const dedupeKey = `${input.kind}:${input.key}`;
    const open = await db().notificationEvent.findFirst({ where: { dedupeKey, state: 'open' }, select: { id: true } });
    if (open) return false;
    const severity = input.severity ?? EVENT_KINDS[input.kind].severity;
    const event = await db().notificationEvent.create({
      data: { kind: input.kind, severity, dedupeKey, customerId: input.customerId ?? null, params: JSON.stringify(input.params) },
    });
    const queued = await enqueue(event.id, input.kind, severity, 'raised', input.customerId);
    log.info('notification event raised', { kind: input.kind, key: input.key, channels: queued });
    return true;
  }).catch((err: unknown) => {
    log.warn('raising a notification event failed', { kind: input.kind, error: err instanceof Error ? err.message : String(err) });
    return false;
  });
}

/** Ends an open event and sends its recovery message; nothing happens when none is open. */
export function resolveEvent(kind: EventKind, key: string): Promise<boolean> {
  return serial(async () => {
    const dedupeKey = `${kind}:${key}`;
    const open = await db().notificationEvent.findMany({ where: { dedupeKey, state: 'open' } });
    if (open.length === 0) return false;
    await db().notificationEvent.updateMany({ where: { id: { in: open.map((e) => e.id) } }, data: { state: 'resolved', resolvedAt: new Date() } });
    const event = open[0];
    await enqueue(event.id, kind, storedSeverity(event.severity), 'resolved', event.customerId);
    log.info('notification event resolved', { kind, key });
    return true;
  }).catch((err: unknown) => {
    log.warn('resolving a notification event failed', { kind, error: err instanceof Error ? err.message : String(err) });
    return false;
  });
}

/** Keys of the open events of a kind, so a watcher can resolve what it no longer sees. */
export async function openEventKeys(kind: EventKind): Promise<string[]> {
  const rows = await db().notificationEvent.findMany({ where: { kind, state: 'open' }, select: { dedupeKey: true } });
  return rows.map((r) => r.dedupeKey.slice(kind.length + 1));
}

/** Closes an open event without a message: its subject is gone (a deleted customer), not recovered. */
export async function closeEvent(kind: EventKind, key: string): Promise<void> {
  await db().notificationEvent.updateMany({ where: { dedupeKey: `${kind}:${key}`, state: 'open' }, data: { state: 'resolved', resolvedAt: new Date() } });
}
