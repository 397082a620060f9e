import v8 from 'node:v8';
import { z } from 'zod';
import { SYSTEM_ACTOR } from '../auth/actor';
import { recordAuditSafely } from '../audit/record';
import { log } from '../log';

/** What the supervisor (scripts/supervise.mjs) tells a server it restarted. */
export interface PreviousExit {
  code: number | null;
  signal: string | null;
  reason: string;
  at: string;
  pid?: number;
  ran_seconds?: number;
}

/** Checked field by field; whatever else the supervisor adds is passed on as it is. */
const previousExitSchema = z.looseObject({
  code: z.number().nullable(),
  signal: z.string().nullable(),
  reason: z.string(),
  at: z.string(),
  pid: z.number().optional(),
  ran_seconds: z.number().optional(),
});

export interface SupervisionInfo {
  supervised: boolean;
  restarts: number;
  last_exit: PreviousExit | null;
  build_id: string | null;
}

function parseLastExit(raw: string | undefined): PreviousExit | null {
  if (!raw) return null;
  try {
    const parsed = previousExitSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch (err) {
    log.warn('APPLIANCE_LAST_EXIT is not JSON', { error: err instanceof Error ? err.message : String(err) });
    return null;
  }
}

export function supervisionInfo(): SupervisionInfo {
  const restarts = Number(process.env.APPLIANCE_RESTARTS ?? 0);
  return {
    supervised: process.env.APPLIANCE_SUPERVISED === '1',
    restarts: Number.isFinite(restarts) ? restarts : 0,
    last_exit: parseLastExit(process.env.APPLIANCE_LAST_EXIT),
    build_id: process.env.APPLIANCE_BUILD_ID ?? null,
  };
}

export function processMemory(): { rss_bytes: number; heap_used_bytes: number; heap_limit_bytes: number } {
  const heap = v8.getHeapStatistics();
  return { rss_bytes: process.memoryUsage.rss(), heap_used_bytes: heap.used_heap_size, heap_limit_bytes: heap.heap_size_limit };
}

/**
 * Called once the server is ready: tells the supervisor (so a later death is restarted rather
 * than treated as a broken configuration) and, after a restart, records the previous exit in
 * the log and the audit trail, where an operator looks for what happened overnight.
 */
export async function announceReady(): Promise<void> {
  process.send?.({ type: 'ready' });
  const info = supervisionInfo();
  if (info.restarts === 0 || !info.last_exit) return;
  log.warn(`restarted after the server exited: ${info.last_exit.reason}`, { restarts: info.restarts, previous_exit: info.last_exit });
  await recordAuditSafely(SYSTEM_ACTOR, { action: 'system.restart', target: 'appliance', details: { restarts: info.restarts, previous_exit: info.last_exit }, success: false });
}
