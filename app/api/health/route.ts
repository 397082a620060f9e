import { json, route } from '@/lib/api/route';
import { checkHealth } from '@/lib/health/appliance-health';

export const dynamic = 'force-dynamic';

export const GET = route({ access: 'public' }, async () => {
  const report = await checkHealth();
  return json(report, report.database.ok ? 200 : 503);
});
