import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../helpers/api-client';
import { ADMIN_PASSWORD, startAppServer, type AppServer } from '../helpers/app-server';

interface AuditItem { actor_name: string; action: string; target: string | null; created_at: string; details: unknown }
interface AuditPage { items: AuditItem[]; page: number; per_page: number; total: number }

let server: AppServer;
let admin: ApiClient;
let operator: ApiClient;
let viewer: ApiClient;
const password = 'a-long-password-for-tests';

beforeAll(async () => {
  server = await startAppServer();
  admin = await new ApiClient(server.url).login('admin', ADMIN_PASSWORD);
  // These writes are the audit trail the filters below look for.
  for (const [username, role] of [['ops1', 'operator'], ['view1', 'viewer'], ['jane', 'viewer']] as const) {
    expect((await admin.post('/api/users', { username, password, role })).status).toBe(201);
  }
  expect((await admin.put('/api/settings', { base_domain: 'msp.example.com' })).status).toBe(200);
  operator = await new ApiClient(server.url).login('ops1', password);
  viewer = await new ApiClient(server.url).login('view1', password);
  expect((await operator.post('/api/tokens', { name: 'ops-script' })).status).toBe(201);
});

afterAll(async () => {
  await server?.stop();
});

describe('GET /api/audit', () => {
  it('lists events newest first with snake_case fields', async () => {
    const res = await admin.get<AuditPage>('/api/audit');
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThanOrEqual(5);
    const times = res.body.items.map((i) => Date.parse(i.created_at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(res.body.items[0]).toMatchObject({ actor_name: 'ops1', action: 'token.create' });
    expect(res.body.items.find((i) => i.action === 'settings.update')?.details).toEqual({ changed: ['base_domain'] });
  });

  it('filters by actor, action and target', async () => {
    const byActor = await admin.get<AuditPage>('/api/audit?actor=ops1');
    expect(byActor.body.items.length).toBeGreaterThan(0);
    expect(byActor.body.items.every((i) => i.actor_name === 'ops1')).toBe(true);

    const byAction = await admin.get<AuditPage>('/api/audit?action=user.create');
    expect(byAction.body.items.every((i) => i.action === 'user.create')).toBe(true);
    expect(byAction.body.items.map((i) => i.target)).toEqual(expect.arrayContaining(['user:jane', 'user:ops1', 'user:view1']));
    expect(byAction.body.items.map((i) => i.target)).not.toContain('settings');

    const byTarget = await admin.get<AuditPage>('/api/audit?target=user:jane');
    expect(byTarget.body.total).toBe(1);
    expect(byTarget.body.items[0].action).toBe('user.create');
  });

  it('filters by time window', async () => {
    const future = await admin.get<AuditPage>(`/api/audit?from=${new Date(Date.now() + 3_600_000).toISOString()}`);
    expect(future.body).toMatchObject({ items: [], total: 0 });
    const past = await admin.get<AuditPage>(`/api/audit?to=${new Date(Date.now() - 3_600_000).toISOString()}`);
    expect(past.body.total).toBe(0);
    const all = await admin.get<AuditPage>(`/api/audit?from=2000-01-01&to=${new Date(Date.now() + 60_000).toISOString()}`);
    expect(all.body.total).toBeGreaterThanOrEqual(5);
  });

  it('paginates with per_page up to 100', async () => {
    const first = await admin.get<AuditPage>('/api/audit?per_page=2&page=1');
    const second = await admin.get<AuditPage>('/api/audit?per_page=2&page=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.per_page).toBe(2);
    expect(second.body.page).toBe(2);
    expect(second.body.items[0]).not.toEqual(first.body.items[0]);
    expect(first.body.total).toBe(second.body.total);
  });

  it('refuses bad query values with 422 and the field path', async () => {
    for (const [query, path] of [['per_page=101', 'per_page'], ['page=0', 'page'], ['from=yesterday', 'from'], ['from=2026-02-01&to=2026-01-01', 'to']]) {
      const res = await admin.get<{ error: { code: string; details: { fields: { path: string }[] } } }>(`/api/audit?${query}`);
      expect(res.status, query).toBe(422);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.fields.map((f) => f.path)).toContain(path);
    }
  });

  it('is for admins only: 403 for operator and viewer, 401 without auth', async () => {
    expect((await operator.get('/api/audit')).status).toBe(403);
    expect((await viewer.get('/api/audit')).status).toBe(403);
    const anonymous = await new ApiClient(server.url).get<{ error: { code: string } }>('/api/audit');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('is documented in the OpenAPI description together with the logo routes', async () => {
    const res = await fetch(`${server.url}/api/openapi.json`);
    const doc = (await res.json()) as { paths: Record<string, Record<string, { parameters?: { name: string }[] }>> };
    expect(doc.paths['/api/audit'].get.parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(['actor', 'action', 'target', 'from', 'to', 'page', 'per_page']));
    expect(Object.keys(doc.paths['/api/settings/branding/logo']).sort()).toEqual(['delete', 'get', 'post']);
    expect(doc.paths['/api/settings/test-npm'].post).toBeDefined();
  });
});
