import 'server-only';
import { z } from 'zod';
import { db } from '../db';
import type { Prisma } from '../generated/prisma/client';

const optionalText = z.string().trim().max(200).optional().transform((v) => (v ? v : undefined));
const optionalDate = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return undefined;
    const date = new Date(v);
    if (Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: 'custom', message: 'must be an ISO date or date-time like 2026-01-31T12:00:00Z' });
      return z.NEVER;
    }
    return date;
  });

/** Query of GET /api/audit. Text filters match a part of the value; `from`/`to` bound the time. */
export const listAuditSchema = z
  .object({
    actor: optionalText,
    action: optionalText,
    target: optionalText,
    from: optionalDate,
    to: optionalDate,
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    per_page: z.coerce.number().int().min(1).max(100).default(50),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'must not be before from' });
export type ListAuditQuery = z.output<typeof listAuditSchema>;

export interface AuditEventView {
  id: string;
  actor_id: string | null;
  actor_name: string;
  actor_type: string;
  action: string;
  target: string | null;
  details: unknown;
  address: string | null;
  success: boolean;
  created_at: string;
}

export interface AuditPage {
  items: AuditEventView[];
  page: number;
  per_page: number;
  total: number;
}

type AuditRow = {
  id: string; actorId: string | null; actorName: string; actorType: string; action: string; target: string | null;
  details: string | null; address: string | null; success: boolean; createdAt: Date;
};

function parseDetails(details: string | null): unknown {
  if (!details) return null;
  try {
    const parsed: unknown = JSON.parse(details);
    return parsed;
  } catch {
    // Older rows may hold plain text; show it rather than hide the event.
    return details;
  }
}

function toAuditView(row: AuditRow): AuditEventView {
  return {
    id: row.id,
    actor_id: row.actorId,
    actor_name: row.actorName,
    actor_type: row.actorType,
    action: row.action,
    target: row.target,
    details: parseDetails(row.details),
    address: row.address,
    success: row.success,
    created_at: row.createdAt.toISOString(),
  };
}

function whereOf(q: ListAuditQuery): Prisma.AuditEventWhereInput {
  const where: Prisma.AuditEventWhereInput = {};
  if (q.actor) where.actorName = { contains: q.actor };
  if (q.action) where.action = { contains: q.action };
  if (q.target) where.target = { contains: q.target };
  if (q.from || q.to) where.createdAt = { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lte: q.to } : {}) };
  return where;
}

/** One page of audit events, newest first. */
export async function listAudit(q: ListAuditQuery): Promise<AuditPage> {
  const where = whereOf(q);
  const [rows, total] = await Promise.all([
    db().auditEvent.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: (q.page - 1) * q.per_page, take: q.per_page }),
    db().auditEvent.count({ where }),
  ]);
  return { items: rows.map(toAuditView), page: q.page, per_page: q.per_page, total };
}
