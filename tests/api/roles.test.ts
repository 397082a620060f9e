import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../helpers/api-client';
import { ADMIN_PASSWORD, startAppServer, type AppServer } from '../helpers/app-server';

let server: AppServer;
let admin: ApiClient;
let operator: ApiClient;
let viewer: ApiClient;
let anon: ApiClient;

beforeAll(async () => {
  server = await startAppServer();
  anon = new ApiClient(server.url);
  admin = await anon.login('admin', ADMIN_PASSWORD);
  await admin.post('/api/users', { username: 'op', password: 'operator-password', role: 'operator' });
  await admin.post('/api/users', { username: 'view', password: 'viewer-password-1', role: 'viewer' });
  operator = await anon.login('op', 'operator-password');
  viewer = await anon.login('view', 'viewer-password-1');
});
afterAll(() => server?.stop());

describe('roles: 401 vs 403', () => {
  const adminOnly: [string, string, unknown?][] = [
    ['GET', '/api/users'],
    ['POST', '/api/users', { username: 'someone', password: 'someone-password', role: 'viewer' }],
    ['GET', '/api/settings'],
    ['PUT', '/api/settings', { base_domain: 'evil.example.com' }],
  ];

  it.each(adminOnly)('%s %s: 401 anonymous, 403 viewer and operator, allowed for admin', async (method, path, body) => {
    expect((await anon.request(method, path, body)).status).toBe(401);
    const v = await viewer.request(method, path, body);
    expect(v.status).toBe(403);
    expect(v.body).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await operator.request(method, path, body)).status).toBe(403);
    expect((await admin.request(method, path, body)).status).toBeLessThan(300);
  });

  it('a viewer gets 403 on POST /api/users even with a valid body, and nothing is created', async () => {
    const res = await viewer.post('/api/users', { username: 'sneaky', password: 'sneaky-password', role: 'admin' });
    expect(res.status).toBe(403);
    const users = await admin.get<{ items: { username: string }[] }>('/api/users');
    expect(users.body.items.map((u) => u.username)).not.toContain('sneaky');
  });

  it('checks permission before validating the body, so a viewer learns nothing from 422s', async () => {
    expect((await viewer.post('/api/users', { bad: true })).status).toBe(403);
  });
});

describe('last admin rule', () => {
  it('the last active admin cannot be deleted, disabled or demoted', async () => {
    const me = await admin.get<{ id: string }>('/api/auth/me');
    for (const change of [{ role: 'viewer' }, { disabled: true }]) {
      const res = await admin.put(`/api/users/${me.body.id}`, change);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ error: { code: 'LAST_ADMIN' } });
    }
    expect((await admin.delete(`/api/users/${me.body.id}`)).status).toBe(409);
    expect((await admin.get<{ role: string; disabled: boolean }>(`/api/users/${me.body.id}`)).body).toMatchObject({ role: 'admin', disabled: false });
  });

  it('with a second admin, the first can be demoted', async () => {
    const second = await admin.post<{ id: string }>('/api/users', { username: 'admin2', password: 'second-admin-pass', role: 'admin' });
    const admin2 = await anon.login('admin2', 'second-admin-pass');
    const me = await admin.get<{ id: string }>('/api/auth/me');
    expect((await admin2.put(`/api/users/${me.body.id}`, { role: 'operator' })).status).toBe(200);
    expect((await admin2.put(`/api/users/${second.body.id}`, { role: 'viewer' })).status).toBe(409);
    expect((await admin2.put(`/api/users/${me.body.id}`, { role: 'admin' })).status).toBe(200);
  });

  it('refuses a duplicate username with 409', async () => {
    const res = await admin.post('/api/users', { username: 'OP', password: 'operator-password', role: 'viewer' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: { code: 'USERNAME_TAKEN' } });
  });
});

describe('API tokens', () => {
  it('creates a token shown once, stored hashed, usable as bearer, and revocable', async () => {
    const created = await operator.post<{ id: string; token: string; prefix: string; scopes: string[] }>('/api/tokens', { name: 'ci', scopes: ['customers:read'] });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^nbmsp_/);
    expect(created.body.token.startsWith(created.body.prefix)).toBe(true);
    const list = await operator.get<{ items: Record<string, unknown>[] }>('/api/tokens');
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
    const client = new ApiClient(server.url, created.body.token);
    const me = await client.get<{ permissions: string[]; auth: string }>('/api/auth/me');
    expect(me.body.permissions).toEqual(['customers:read']);
    expect(me.body.auth).toBe('api_token');
    expect((await operator.get<{ items: { last_used_at: string | null }[] }>('/api/tokens')).body.items[0].last_used_at).not.toBeNull();
    expect((await operator.delete(`/api/tokens/${created.body.id}`)).status).toBe(200);
    expect((await client.get('/api/auth/me')).status).toBe(401);
  });

  it('limits scopes to the owner’s permissions', async () => {
    const res = await viewer.post('/api/tokens', { name: 'escalate', scopes: ['users:manage'] });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body)).toContain('scopes');
  });

  it('a scoped token cannot exceed its scopes even for an admin owner', async () => {
    const created = await admin.post<{ token: string }>('/api/tokens', { name: 'read-only', scopes: ['customers:read'] });
    const client = new ApiClient(server.url, created.body.token);
    expect((await client.get('/api/users')).status).toBe(403);
  });

  it('an expired token no longer authenticates', async () => {
    const created = await admin.post<{ token: string; expires_at: string }>('/api/tokens', { name: 'short', expires_in_days: 1 });
    expect(new Date(created.body.expires_at).getTime()).toBeGreaterThan(Date.now());
    expect((await new ApiClient(server.url, created.body.token).get('/api/auth/me')).status).toBe(200);
  });

  it("another user's token reads as missing", async () => {
    const created = await admin.post<{ id: string }>('/api/tokens', { name: 'admins' });
    expect((await viewer.delete(`/api/tokens/${created.body.id}`)).status).toBe(404);
  });
});

describe('settings', () => {
  it('stores the NPM password encrypted and never returns it', async () => {
    const res = await admin.put<Record<string, unknown>>('/api/settings', { npm_api_password: 'npm-secret-value', base_domain: 'msp.example.com' });
    expect(res.status).toBe(200);
    expect(res.body.npm_api_password_set).toBe(true);
    expect(JSON.stringify(res.body)).not.toContain('npm-secret-value');
    expect(JSON.stringify((await admin.get('/api/settings')).body)).not.toContain('npm-secret-value');
    const Database = (await import('better-sqlite3')).default;
    const sqlite = new Database(server.env.DATABASE_PATH, { readonly: true });
    const raw = JSON.stringify(sqlite.prepare('SELECT * FROM Setting').all());
    const audit = JSON.stringify(sqlite.prepare('SELECT * FROM AuditEvent').all());
    sqlite.close();
    expect(raw).not.toContain('npm-secret-value');
    expect(audit).not.toContain('npm-secret-value');
  });

  it('validates ranges and enums with 422 and keeps the old values', async () => {
    const res = await admin.put('/api/settings', { dashboard_port_start: 9500, dashboard_port_end: 9400, ssl_mode: 'maybe' });
    expect(res.status).toBe(422);
    const now = await admin.get<{ dashboard_port_start: number }>('/api/settings');
    expect(now.body.dashboard_port_start).toBe(9000);
  });

  it('serves branding publicly', async () => {
    const res = await anon.get<{ name: string; logo_url: string | null }>('/api/settings/branding');
    expect(res.status).toBe(200);
    expect(res.body.name).toBeTruthy();
  });
});
