import 'server-only';
import { db } from '../db';
import { log } from '../log';
import { pruneRevokedSessions } from '../auth/session-revocation';
import { getSettings } from '../settings/store';
import { globalSingleton } from '../global-singleton';

const DAY_MS = 86_400_000;
const PRUNE_EVERY_MS = 6 * 60 * 60_000;

/** Deletes audit events older than the `audit_retention_days` setting. Returns how many. */
export async function pruneAuditEvents(now = new Date()): Promise<number> {
  const { audit_retention_days: days } = await getSettings();
  const cutoff = new Date(now.getTime() - days * DAY_MS);
  const { count } = await db().auditEvent.deleteMany({ where: { createdAt: { lt: cutoff } } });
  if (count) log.info('audit events pruned', { count, older_than_days: days });
  return count;
}

const g = globalSingleton<{ auditPruner?: NodeJS.Timeout }>('auditPruner', () => ({}));

/** Prunes audit events and expired session revocations at start-up and every six hours. */
export function startAuditPruner(): void {
  if (g.auditPruner) return;
  const run = () =>
    void Promise.all([pruneAuditEvents(), pruneRevokedSessions()]).catch((err: unknown) => log.error('audit pruning failed', { error: String(err) }));
  run();
  g.auditPruner = setInterval(run, PRUNE_EVERY_MS);
  g.auditPruner.unref();
}
