import 'server-only';
import { db } from '../db';
import { log } from '../log';
import { globalSingleton } from '../global-singleton';

/**
 * Failed sign-ins are audited one row per address, account and reason within a window; further
 * failures in the window raise that row's `attempts`. With the per-address attempt cap
 * (lib/auth/rate-limit.ts) a flood adds a bounded number of rows instead of one per request.
 */
const WINDOW_MS = 15 * 60_000;
const MAX_OPEN = 10_000;

interface OpenRow {
  id: string;
  attempts: number;
  until: number;
}

const g = globalSingleton<{ loginFailureRows?: Map<string, OpenRow> }>('loginFailureRows', () => ({}));
const open = (g.loginFailureRows ??= new Map());

export async function recordLoginFailure(username: string, address: string, reason: string, now = Date.now()): Promise<void> {
  const key = `${address}|${username}|${reason}`;
  const row = open.get(key);
  try {
    if (row && row.until > now) {
      row.attempts += 1;
      await db().auditEvent.update({ where: { id: row.id }, data: { details: JSON.stringify({ reason, attempts: row.attempts }) } });
      return;
    }
    if (open.size >= MAX_OPEN) for (const [k, r] of open) if (r.until <= now) open.delete(k);
    const created = await db().auditEvent.create({
      data: { actorName: username, actorType: 'anonymous', action: 'auth.login', address, success: false, details: JSON.stringify({ reason, attempts: 1 }) },
    });
    open.set(key, { id: created.id, attempts: 1, until: now + WINDOW_MS });
  } catch (err) {
    // A failed login must never fail differently because the audit write did (the row may have been pruned).
    open.delete(key);
    log.error('audit write failed', { action: 'auth.login', error: String(err) });
  }
}
