import 'server-only';
import type { Prisma } from '../generated/prisma/client';
import { db } from '../db';
import type { Actor } from '../auth/actor';
import { log } from '../log';

export interface AuditInput {
  action: string;
  target?: string | null;
  details?: Record<string, unknown>;
  success?: boolean;
}

type Tx = Pick<Prisma.TransactionClient, 'auditEvent'>;

function actorType(actor: Actor | null): string {
  if (!actor) return 'anonymous';
  if (actor.kind === 'api_token') return 'token';
  return actor.kind === 'system' ? 'system' : 'user';
}

/** Writes one audit event. Pass the transaction client to commit it with the change it describes. */
export async function recordAudit(actor: Actor | null, input: AuditInput & { actorName?: string; address?: string }, tx: Tx = db()): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorId: actor?.userId ?? null,
      actorName: actor?.username ?? input.actorName ?? 'anonymous',
      actorType: actorType(actor),
      action: input.action,
      target: input.target ?? null,
      details: input.details ? JSON.stringify(input.details) : null,
      address: actor?.address ?? input.address ?? null,
      success: input.success ?? true,
    },
  });
}

/** For events that must never fail the operation they describe (e.g. a failed login). */
export async function recordAuditSafely(actor: Actor | null, input: AuditInput & { actorName?: string; address?: string }): Promise<void> {
  try {
    await recordAudit(actor, input);
  } catch (err) {
    log.error('audit write failed', { action: input.action, error: String(err) });
  }
}
