import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../helpers/api-client';
import { startLifecycle, waitForCustomer, type CustomerBody, type Lifecycle } from '../helpers/lifecycle-fixture';

interface Figures {
  service: string;
  cpu_percent: number;
  memory_bytes: number;
  memory_limit_bytes: number;
  rx_bytes: number;
  tx_bytes: number;
}

let env: Lifecycle;
let viewer: ApiClient;
let customer: CustomerBody;

beforeAll(async () => {
  // No NPM: the proxy step is skipped and the stack still runs, which is all the figures need.
  env = await startLifecycle({}, { npm_api_url: '', npm_api_email: '', npm_api_password: '' });
  await env.admin.post('/api/users', { username: 'stats-viewer', password: 'viewer-password-1', role: 'viewer' });
  viewer = await new ApiClient(env.server.url).login('stats-viewer', 'viewer-password-1');
  const created = await env.admin.post<{ customer: CustomerBody }>('/api/customers?wait=true', { name: 'Stats', subdomain: env.unique('stats'), email: 'it@stats.example', max_devices: 3 });
  customer = created.body.customer;
}, 120_000);
afterAll(() => env?.cleanup());

describe('GET /api/customers/{id}/stats', () => {
  it('gives CPU, memory and network figures of each running container, sorted by service', async () => {
    expect(customer.status).toBe('active');
    const res = await env.admin.get<{ customer_id: string; containers: Figures[] }>(`/api/customers/${customer.id}/stats`);
    expect(res.status).toBe(200);
    expect(res.body.customer_id).toBe(customer.id);
    const services = res.body.containers.map((c) => c.service);
    expect(services).toEqual(['caddy', 'dashboard', 'management', 'relay', 'signal']);
    for (const c of res.body.containers) {
      expect(c.cpu_percent).toBeGreaterThanOrEqual(0);
      expect(c.memory_bytes).toBeGreaterThan(0);
      // Without a limit Docker reports the host's memory, so the limit is always at least the use.
      expect(c.memory_limit_bytes).toBeGreaterThanOrEqual(c.memory_bytes);
      expect(Number.isInteger(c.rx_bytes) && Number.isInteger(c.tx_bytes)).toBe(true);
    }
    // Caddy answered the health checks through its published port, so it has received traffic.
    expect(res.body.containers.find((c) => c.service === 'caddy')!.rx_bytes).toBeGreaterThan(0);
  });

  it('is readable by a viewer (customers:read) but not anonymously or with a token lacking the scope', async () => {
    expect((await viewer.get(`/api/customers/${customer.id}/stats`)).status).toBe(200);
    const anon = await new ApiClient(env.server.url).get<{ error: { code: string } }>(`/api/customers/${customer.id}/stats`);
    expect(anon.status).toBe(401);
    expect(anon.body.error.code).toBe('UNAUTHENTICATED');
    const token = await env.admin.post<{ token: string }>('/api/tokens', { name: 'monitoring-only', scopes: ['monitoring:read'] });
    expect(token.status).toBe(201);
    const scoped = await new ApiClient(env.server.url, token.body.token).get<{ error: { code: string } }>(`/api/customers/${customer.id}/stats`);
    expect(scoped.status).toBe(403);
    expect(scoped.body.error.code).toBe('FORBIDDEN');
  });

  it('answers 404 in the error shape for an unknown customer', async () => {
    const res = await env.admin.get<{ error: { code: string } }>('/api/customers/no-such-customer/stats');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('has no figures for a stopped stack', async () => {
    expect((await env.admin.post(`/api/customers/${customer.id}/stop`)).status).toBe(202);
    await waitForCustomer(env.admin, customer.id, (c) => c.status === 'inactive' && !c.active_job);
    const res = await env.admin.get<{ containers: Figures[] }>(`/api/customers/${customer.id}/stats`);
    expect(res.status).toBe(200);
    expect(res.body.containers).toEqual([]);
  });
});
