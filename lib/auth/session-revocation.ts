import 'server-only';
import { randomBytes } from 'node:crypto';
import { db } from '../db';
import { cachedRead } from '../read-cache';

/**
 * Browser sessions are signed JWT cookies (NextAuth). Each carries a random `sid`; signing out
 * records it here, and every request refuses a revoked `sid` until the cookie would have
 * expired anyway. Revoking one session leaves the user's other browsers signed in; "sign out
 * everywhere" (POST /api/auth/logout) bumps the user's token version instead.
 */
export function newSessionId(): string {
  return randomBytes(18).toString('base64url');
}

export async function revokeSession(sid: string, userId: string, expiresAtSeconds: number | undefined, maxAgeSeconds: number): Promise<void> {
  const expiresAt = new Date((expiresAtSeconds ?? Math.floor(Date.now() / 1000) + maxAgeSeconds) * 1000);
  await db().revokedSession.upsert({ where: { id: sid }, create: { id: sid, userId, expiresAt }, update: {} });
}

/** Read through the per-database-version cache: one lookup per session while nothing was written. */
export async function isSessionRevoked(sid: string): Promise<boolean> {
  const row = await cachedRead(`revoked-session:${sid}`, [], () => db().revokedSession.findUnique({ where: { id: sid }, select: { id: true } }));
  return row !== null;
}

/** Revocations of sessions that have expired anyway are no longer needed. */
export async function pruneRevokedSessions(now = new Date()): Promise<number> {
  const { count } = await db().revokedSession.deleteMany({ where: { expiresAt: { lt: now } } });
  return count;
}
