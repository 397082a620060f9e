import { route } from '@/lib/api/route';
import { planEventStream } from '@/lib/fleet/plan-event-stream';

export const dynamic = 'force-dynamic';

export const GET = route({ access: 'customers:read' }, async ({ req, params }) => {
  const stream = await planEventStream(params.id, req.signal);
  return new Response(stream, {
    headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' },
  });
});
