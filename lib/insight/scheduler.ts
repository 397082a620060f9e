import 'server-only';
import { db } from '../db';
import { log } from '../log';
import { gatherInsight } from './gather-insight';
import { BoundedQueue, dueTenants } from './rate-limit';

/**
 * The one gatherer of NetBird figures. Every TICK it queues the active tenants not tried within
 * INTERVAL (longest-waiting first); the queue runs at most CONCURRENCY tenants at once and never
 * one tenant twice. So each tenant's API sees at most one read round per INTERVAL and the
 * appliance at most CONCURRENCY rounds at a time, however many tenants or open browsers there are;
 * requests only ever read the cached rows.
 */
export const INSIGHT_INTERVAL_MS = 5 * 60_000;
export const INSIGHT_CONCURRENCY = 2;
const TICK_MS = 20_000;
/** Per tick at most this many more, so a fleet of hundreds is spread over the interval. */
const PER_TICK = 10;

const g = globalThis as unknown as { insight?: { queue: BoundedQueue; timer?: NodeJS.Timeout } };

function queue(): BoundedQueue {
  g.insight ??= {
    queue: new BoundedQueue(INSIGHT_CONCURRENCY, async (customerId) => {
      const result = await gatherInsight(customerId);
      if (!result.ok) log.debug('insight gather incomplete', { customerId, reason: result.reason });
    }),
  };
  return g.insight.queue;
}

/** One round: queue the tenants that are due. Returns the ids queued. */
export async function queueDueTenants(now = new Date()): Promise<string[]> {
  const rows = await db().customer.findMany({
    where: { status: 'active', deployment: { isNot: null } },
    select: { id: true, insight: { select: { attemptedAt: true } } },
  });
  const due = dueTenants(rows.map((r) => ({ id: r.id, attemptedAt: r.insight?.attemptedAt ?? null })), now, INSIGHT_INTERVAL_MS, PER_TICK);
  return due.filter((id) => queue().push(id));
}

/** A tenant that just became active: its figures show without waiting for its turn. */
export function gatherSoon(customerId: string): void {
  queue().push(customerId);
}

/** Resolves when nothing is queued or running (tests, shutdown). */
export function insightIdle(): Promise<void> {
  return queue().idle();
}

export function startInsightGatherer(): void {
  if (g.insight?.timer) return;
  const q = queue();
  const tick = () => void queueDueTenants().catch((err: unknown) => log.warn('insight round failed', { error: String(err) }));
  const timer = setInterval(tick, TICK_MS);
  timer.unref();
  g.insight = { queue: q, timer };
  setTimeout(tick, 5_000).unref();
}
