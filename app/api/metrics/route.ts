import { route } from '@/lib/api/route';
import { renderMetrics } from '@/lib/monitoring/metrics';

export const dynamic = 'force-dynamic';

/** Prometheus exposition format; an API token needs the `metrics:read` scope. */
export const GET = route({ access: 'metrics:read' }, async () => {
  const { contentType, text } = await renderMetrics();
  return new Response(text, { status: 200, headers: { 'Content-Type': contentType, 'Cache-Control': 'no-store' } });
});
