import { route } from '@/lib/api/route';
import { customerEventStream } from '@/lib/customers/job-event-stream';

export const dynamic = 'force-dynamic';

export const GET = route({ access: 'customers:read' }, async ({ req, params }) => {
  const stream = await customerEventStream(params.id, req.signal);
  return new Response(stream, {
    headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' },
  });
});
