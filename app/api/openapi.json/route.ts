import { route } from '@/lib/api/route';
import { buildOpenApi } from '@/lib/api/openapi/build';
import { APP_VERSION } from '@/lib/health/appliance-health';

export const GET = route({ access: 'public' }, ({ req }) => buildOpenApi(new URL(req.url).origin, APP_VERSION));
