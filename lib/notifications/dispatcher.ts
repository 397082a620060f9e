import 'server-only';
import { z } from 'zod';
import { db } from '../db';
import { env } from '../env';
import { log } from '../log';
import { getSettings } from '../settings/store';
import { loadChannel } from './channel-record';
import { DeliveryError } from './channels/post-json';
import { sendMessage } from './channels/send-message';
import { onNudge } from './dispatch-signal';
import { nextAttemptDelay, storedSeverity } from './event-kinds';
import { PHASES, renderMessage, type MessageEvent } from './render-message';
import { isOneOf } from '../one-of';
import { globalSingleton } from '../global-singleton';

const TICK_MS = 2_000;
/** At most this many channels are sent to at once; each channel gets one delivery at a time. */
const PARALLEL_CHANNELS = 8;
const LOG_RETENTION_MS = 30 * 24 * 60 * 60_000;

interface DispatcherState {
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
  again?: boolean;
  lastPrune?: number;
}
const g = globalSingleton<{ notificationDispatcher?: DispatcherState }>('notificationDispatcher', () => ({}));

type DueRow = Awaited<ReturnType<typeof dueDeliveries>>[number];

function dueDeliveries() {
  return db().notificationDelivery.findMany({
    where: { state: 'pending', nextAttemptAt: { lte: new Date() } },
    orderBy: { nextAttemptAt: 'asc' },
    take: 100,
    include: { channel: true, event: true },
  });
}

/** Where links point: the appliance's public address (setting), else APP_URL. */
export async function applianceContext(): Promise<{ baseUrl: string | null; appliance: string }> {
  const s = await getSettings();
  return { baseUrl: s.public_url || env().APP_URL || null, appliance: s.branding_name };
}

/** An event's parameters as raiseEvent stored them. */
const storedParams = z.record(z.string(), z.union([z.string(), z.number()]));

function messageEvent(row: DueRow, appliance: string): MessageEvent {
  if (!row.event) return { id: row.id, kind: 'test', severity: 'info', customerId: null, params: { appliance }, createdAt: row.createdAt };
  const params = storedParams.parse(JSON.parse(row.event.params));
  return { id: row.event.id, kind: row.event.kind, severity: storedSeverity(row.event.severity), customerId: row.event.customerId, params: { ...params, appliance }, createdAt: row.event.createdAt };
}

async function deliver(row: DueRow, ctx: { baseUrl: string | null; appliance: string }): Promise<void> {
  // Claimed by a guarded update: a second dispatcher (or tick) never sends the same row twice.
  const claimed = await db().notificationDelivery.updateMany({ where: { id: row.id, state: 'pending' }, data: { state: 'sending' } });
  if (claimed.count === 0) return;
  const attempts = row.attempts + 1;
  try {
    const channel = loadChannel(row.channel);
    const phase = row.phase;
    if (!isOneOf(PHASES, phase)) throw new Error(`unknown delivery phase "${phase}"`);
    const message = renderMessage(channel.language, messageEvent(row, ctx.appliance), phase, ctx.baseUrl);
    const result = await sendMessage(channel, message, ctx.appliance);
    await db().notificationDelivery.update({ where: { id: row.id }, data: { state: 'sent', attempts, lastStatus: result.status, lastError: null, sentAt: new Date() } });
  } catch (err) {
    const delay = nextAttemptDelay(attempts);
    const status = err instanceof DeliveryError ? err.status : null;
    const reason = err instanceof DeliveryError ? err.message : 'internal error';
    if (!(err instanceof DeliveryError)) log.warn('notification delivery failed unexpectedly', { deliveryId: row.id, error: err instanceof Error ? err.message : String(err) });
    await db().notificationDelivery.update({
      where: { id: row.id },
      data: { state: delay === null ? 'dead' : 'pending', attempts, lastStatus: status, lastError: reason.slice(0, 300), nextAttemptAt: new Date(Date.now() + (delay ?? 0)) },
    });
  }
}

async function tick(state: DispatcherState): Promise<void> {
  const due = await dueDeliveries();
  if (due.length > 0) {
    // The oldest due delivery of each channel: a slow or dead channel holds up only itself.
    const firstPerChannel = [...new Map(due.reverse().map((d) => [d.channelId, d])).values()].reverse();
    const ctx = await applianceContext();
    for (let i = 0; i < firstPerChannel.length; i += PARALLEL_CHANNELS) {
      await Promise.all(firstPerChannel.slice(i, i + PARALLEL_CHANNELS).map((row) => deliver(row, ctx)));
    }
    if (due.length > firstPerChannel.length) state.again = true;
  }
  if (!state.lastPrune || Date.now() - state.lastPrune > 60 * 60_000) {
    state.lastPrune = Date.now();
    const before = new Date(Date.now() - LOG_RETENTION_MS);
    await db().notificationDelivery.deleteMany({ where: { createdAt: { lt: before }, state: { in: ['sent', 'dead'] } } });
    await db().notificationEvent.deleteMany({ where: { createdAt: { lt: before }, state: { not: 'open' } } });
  }
}

function run(state: DispatcherState): void {
  if (state.running) {
    state.again = true;
    return;
  }
  state.running = tick(state)
    .catch((err: unknown) => log.warn('notification dispatch failed', { error: err instanceof Error ? err.message : String(err) }))
    .finally(() => {
      state.running = undefined;
      if (state.again) {
        state.again = false;
        run(state);
      }
    });
}

/** Starts the delivery loop once per process; deliveries a crash left `sending` are sent again. */
export async function startDispatcher(): Promise<void> {
  if (g.notificationDispatcher) return;
  const state: DispatcherState = {};
  g.notificationDispatcher = state;
  await db().notificationDelivery.updateMany({ where: { state: 'sending' }, data: { state: 'pending' } });
  onNudge(() => setImmediate(() => run(state)));
  state.timer = setInterval(() => run(state), TICK_MS);
  state.timer.unref();
  run(state);
}

export function stopDispatcher(): void {
  const state = g.notificationDispatcher;
  if (!state) return;
  clearInterval(state.timer);
  onNudge(() => undefined);
  g.notificationDispatcher = undefined;
}
