import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../helpers/api-client';
import { startLifecycle, uniqueSubdomain, waitForCustomer, type CustomerBody, type Lifecycle } from '../helpers/lifecycle-fixture';

let env: Lifecycle;
let operator: ApiClient;
let viewer: ApiClient;
let anon: ApiClient;
let customer: CustomerBody;

beforeAll(async () => {
  // No NPM here: the proxy step is skipped with a warning and the stack still runs.
  env = await startLifecycle({}, { npm_api_url: '', npm_api_email: '', npm_api_password: '' });
  await env.admin.post('/api/users', { username: 'op', password: 'operator-password', role: 'operator' });
  await env.admin.post('/api/users', { username: 'view', password: 'viewer-password-1', role: 'viewer' });
  anon = new ApiClient(env.server.url);
  operator = await anon.login('op', 'operator-password');
  viewer = await anon.login('view', 'viewer-password-1');
  const created = await env.admin.post<{ customer: CustomerBody }>('/api/customers?wait=true', { name: 'Rules', subdomain: env.unique('rules'), email: 'it@rules.example', max_devices: 5 });
  customer = created.body.customer;
});
afterAll(() => env?.cleanup());

describe('without NPM settings', () => {
  it('?wait=true answers when the job has finished; the proxy step is skipped with a warning', async () => {
    expect(customer.status).toBe('active');
    const jobs = await env.admin.get<{ items: { steps: { name: string; state: string; message: string }[] }[] }>(`/api/customers/${customer.id}/jobs`);
    const proxy = jobs.body.items[0].steps.find((s) => s.name === 'proxy');
    expect(proxy?.state).toBe('skipped');
    expect(proxy?.message).toMatch(/not configured/);
  });
});

describe('role matrix', () => {
  const id = () => customer.id;
  // [label, method, path, body, viewer may, operator may]
  const routes: [string, string, () => string, unknown, boolean, boolean][] = [
    ['list', 'GET', () => '/api/customers', undefined, true, true],
    ['read', 'GET', () => `/api/customers/${id()}`, undefined, true, true],
    ['jobs', 'GET', () => `/api/customers/${id()}/jobs`, undefined, true, true],
    ['health', 'GET', () => `/api/customers/${id()}/health`, undefined, true, true],
    ['logs', 'GET', () => `/api/customers/${id()}/logs?service=signal&tail=5`, undefined, false, true],
    ['credentials', 'GET', () => `/api/customers/${id()}/credentials`, undefined, false, false],
    ['audit', 'GET', () => '/api/audit', undefined, false, false],
    ['edit', 'PUT', () => `/api/customers/${id()}`, { notes: 'edited' }, false, true],
    ['create', 'POST', () => '/api/customers', { name: 'X', subdomain: uniqueSubdomain('matrix'), email: 'x@x.example', max_devices: 1 }, false, true],
    ['restart', 'POST', () => `/api/customers/${id()}/restart`, undefined, false, true],
    ['stop', 'POST', () => `/api/customers/${id()}/stop`, undefined, false, true],
    ['start', 'POST', () => `/api/customers/${id()}/start`, undefined, false, true],
    ['redeploy', 'POST', () => `/api/customers/${id()}/deploy`, undefined, false, true],
  ];

  it.each(routes)('%s (%s): 401 anonymous; viewer and operator as their role allows', async (_label, method, path, body, viewerMay, operatorMay) => {
    expect((await anon.request(method, path(), body)).status).toBe(401);
    const v = await viewer.request(method, path(), body);
    expect(v.status).toBe(viewerMay ? 200 : 403);
    const o = await operator.request(method, path(), body);
    expect(operatorMay ? o.status < 300 : o.status === 403).toBe(true);
    await waitForCustomer(env.admin, customer.id, (c) => !c.active_job, 60_000);
  });

  it('delete: viewer 403 and nothing happens; operator may delete', async () => {
    const victim = await env.admin.post<{ customer: CustomerBody }>('/api/customers?wait=true', { name: 'Victim', subdomain: env.unique('victim'), email: 'v@v.example', max_devices: 1 });
    const vid = victim.body.customer.id;
    expect((await viewer.delete(`/api/customers/${vid}`)).status).toBe(403);
    expect((await env.admin.get<CustomerBody>(`/api/customers/${vid}`)).body.status).toBe('active');
    expect((await operator.delete(`/api/customers/${vid}`)).status).toBe(202);
    const deadline = Date.now() + 30_000;
    while ((await env.admin.get(`/api/customers/${vid}`)).status !== 404 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect((await env.admin.get(`/api/customers/${vid}`)).status).toBe(404);
  });

  it('viewers never see secrets in customer reads', async () => {
    const body = JSON.stringify((await viewer.get(`/api/customers/${customer.id}`)).body);
    const creds = await env.admin.get<{ password: string }>(`/api/customers/${customer.id}/credentials`);
    expect(body).not.toContain(creds.body.password);
    expect(body).not.toMatch(/password|encryption|secret/i);
  });
});

describe('validation: 422 with the field, nothing created', () => {
  const valid = { name: 'Valid', subdomain: 'valid-sub', email: 'ok@valid.example', max_devices: 10 };
  const cases: [string, Record<string, unknown>, string][] = [
    ['uppercase subdomain', { subdomain: 'Acme' }, 'subdomain'],
    ['leading hyphen', { subdomain: '-acme' }, 'subdomain'],
    ['trailing hyphen', { subdomain: 'acme-' }, 'subdomain'],
    ['dot in subdomain', { subdomain: 'a.b' }, 'subdomain'],
    ['64-character subdomain', { subdomain: 'a'.repeat(64) }, 'subdomain'],
    ['reserved subdomain', { subdomain: 'admin' }, 'subdomain'],
    ['reserved www', { subdomain: 'www' }, 'subdomain'],
    ['bad email', { email: 'not-an-email' }, 'email'],
    ['zero devices', { max_devices: 0 }, 'max_devices'],
    ['too many devices', { max_devices: 10_001 }, 'max_devices'],
    ['devices as text', { max_devices: 'ten' }, 'max_devices'],
    ['empty name', { name: '' }, 'name'],
    ['201-character name', { name: 'n'.repeat(201) }, 'name'],
    ['unknown field', { plan: 'gold' }, ''],
  ];

  it.each(cases)('%s', async (_label, change, field) => {
    const before = (await env.admin.get<{ total: number }>('/api/customers')).body.total;
    const res = await env.admin.post<{ error: { code: string; details: { fields: { path: string }[] } } }>('/api/customers', { ...valid, ...change });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.fields.map((f) => f.path)).toContain(field);
    expect((await env.admin.get<{ total: number }>('/api/customers')).body.total).toBe(before);
  });

  it('the subdomain cannot change while deployed (409)', async () => {
    const res = await env.admin.put(`/api/customers/${customer.id}`, { subdomain: 'renamed' });
    expect(res.status).toBe(409);
  });

  it('a missing customer is 404 on every route', async () => {
    for (const path of ['', '/jobs', '/health', '/logs', '/credentials']) {
      expect((await env.admin.get(`/api/customers/nope${path}`)).status).toBe(404);
    }
    expect((await env.admin.post('/api/customers/nope/start')).status).toBe(404);
  });
});

describe('concurrency', () => {
  it('two concurrent creates of the same subdomain: one 201, one 409', async () => {
    const sub = env.unique('twin');
    const body = { name: 'Twin', subdomain: sub, email: 'a@twin.example', max_devices: 3 };
    const results = await Promise.all([env.admin.post('/api/customers', body), env.admin.post('/api/customers', body)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)?.body).toMatchObject({ error: { code: 'SUBDOMAIN_TAKEN' } });
    const list = await env.admin.get<{ items: CustomerBody[] }>(`/api/customers?search=${sub}`);
    expect(list.body.items).toHaveLength(1);
    await waitForCustomer(env.admin, list.body.items[0].id, (c) => !c.active_job, 90_000);
  });

  it('two concurrent deploys get different ports', async () => {
    const [a, b] = await Promise.all(
      ['pa', 'pb'].map((p) => env.admin.post<{ customer: CustomerBody }>('/api/customers?wait=true', { name: p, subdomain: env.unique(p), email: `${p}@p.example`, max_devices: 2 })),
    );
    expect(a.body.customer.status).toBe('active');
    expect(b.body.customer.status).toBe('active');
    expect(a.body.customer.dashboard_port).not.toBe(b.body.customer.dashboard_port);
    expect(a.body.customer.relay_udp_port).not.toBe(b.body.customer.relay_udp_port);
  });

  it('lists page, search and filter by status on the server', async () => {
    const page = await env.admin.get<{ items: CustomerBody[]; total: number; per_page: number; counts: Record<string, number> }>('/api/customers?per_page=2&page=1&status=active');
    expect(page.body.per_page).toBe(2);
    expect(page.body.items.length).toBeLessThanOrEqual(2);
    expect(page.body.items.every((c) => c.status === 'active')).toBe(true);
    expect(page.body.counts.total).toBeGreaterThanOrEqual(4);
    expect((await env.admin.get('/api/customers?per_page=101')).status).toBe(422);
  });
});
