import { route } from '@/lib/api/route';
import { logsQuerySchema, readCustomerLogs, streamCustomerLogs } from '@/lib/customers/customer-logs';

export const dynamic = 'force-dynamic';

/** Last lines as JSON; with `follow=true` a live stream of newline-delimited JSON. */
export const GET = route({ access: 'customers:logs', query: logsQuerySchema }, async ({ req, params, query }) => {
  if (!query.follow) return readCustomerLogs(params.id, query);
  const stream = await streamCustomerLogs(params.id, query, req.signal);
  return new Response(stream, { headers: { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' } });
});
