import { serveDirectRoutes } from '@/lib/http/direct-routes';
import { GET as customers } from './customers/route';
import { GET as health } from './health/route';
import { GET as monitoringCustomers } from './monitoring/customers/route';
import { GET as monitoringHost } from './monitoring/host/route';

/**
 * The read-only routes every open dashboard polls (and monitoring probes), served without
 * Next.js's routing layer by the server entry (lib/http/direct-routes.ts). Each keeps its one
 * definition in its route.ts; a route added here must need nothing of Next.js's request scope
 * (no next/headers, no server-side rendering).
 */
export function registerDirectRoutes(): void {
  serveDirectRoutes({
    '/api/customers': customers,
    '/api/health': health,
    '/api/monitoring/customers': monitoringCustomers,
    '/api/monitoring/host': monitoringHost,
  });
}
