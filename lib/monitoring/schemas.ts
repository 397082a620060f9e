import { z } from 'zod';

/** Query of GET /api/monitoring/customers; shared by the route and the page. */
export const customerUsageQuerySchema = z
  .object({
    sort: z.enum(['cpu', 'memory', 'name']).default('memory'),
    order: z.enum(['asc', 'desc']).optional(),
    search: z.string().trim().max(100).optional(),
    page: z.coerce.number().int().min(1).default(1),
    per_page: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict();
export type CustomerUsageQuery = z.output<typeof customerUsageQuerySchema>;

/** Query of GET /api/monitoring/history: the host, or one customer named by id. */
export const usageHistoryQuerySchema = z
  .object({
    scope: z.enum(['host', 'customer']),
    customer_id: z.string().trim().min(1).max(64).optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.scope === 'customer' && !q.customer_id) ctx.addIssue({ code: 'custom', path: ['customer_id'], message: 'is required when scope is customer' });
  });
export type UsageHistoryQuery = z.output<typeof usageHistoryQuerySchema>;
