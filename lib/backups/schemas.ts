import { z } from 'zod';
import { subdomainSchema } from '../customers/schemas';

/** restic snapshot ids: 8 to 64 hex digits. */
export const snapshotIdSchema = z.string().regex(/^[0-9a-f]{8,64}$/, 'must be a restic snapshot id (hex)');

export const restoreRequestSchema = z
  .strictObject({ mode: z.enum(['in_place', 'new_customer']), subdomain: subdomainSchema.optional() })
  .superRefine((v, ctx) => {
    if (v.mode === 'new_customer' && !v.subdomain) ctx.addIssue({ code: 'custom', path: ['subdomain'], message: 'is required to restore as a new customer' });
    if (v.mode === 'in_place' && v.subdomain) ctx.addIssue({ code: 'custom', path: ['subdomain'], message: 'is only for a restore as a new customer' });
  });
export type RestoreRequest = z.infer<typeof restoreRequestSchema>;
/** How a restore job places the snapshot: onto the same customer, a new one, or a recovered one. */
export const RESTORE_MODES = ['in_place', 'new_customer', 'recover'] as const;
export type RestoreMode = (typeof RESTORE_MODES)[number];

export const listBackupsQuerySchema = z.object({
  customer_id: z.string().max(64).optional(),
  subdomain: z.string().max(63).optional(),
  kind: z.enum(['tenant', 'safety', 'appliance']).optional(),
});
export type ListBackupsQuery = z.infer<typeof listBackupsQuerySchema>;

export const recoverRequestSchema = z.strictObject({
  /** The repository password, when this appliance does not hold it yet. */
  password: z.string().min(8).max(500).optional(),
  /** Restore the appliance database from its newest snapshot (or this one). */
  appliance: z.union([z.boolean(), snapshotIdSchema]).default(false),
  /** Tenant snapshots to restore (each the newest of a customer, or a snapshot id). */
  tenants: z.array(snapshotIdSchema).max(500).default([]),
  /** Without `tenants`: restore the newest snapshot of every customer in the repository. */
  all_tenants: z.boolean().default(false),
  /**
   * Restore the appliance database over one that already has customers. Their rows are replaced
   * by the backup's; an appliance backup of the current database is taken first (refused if it fails).
   */
  force: z.boolean().default(false),
});
export type RecoverRequest = z.infer<typeof recoverRequestSchema>;
