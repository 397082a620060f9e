import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../helpers/api-client';
import { ADMIN_PASSWORD, startAppServer, type AppServer } from '../helpers/app-server';

let server: AppServer;
let anon: ApiClient;
let admin: ApiClient;

beforeAll(async () => {
  server = await startAppServer();
  anon = new ApiClient(server.url);
  admin = await anon.login('admin', ADMIN_PASSWORD);
});
afterAll(() => server?.stop());

describe('token endpoint', () => {
  it('accepts the README form-encoded call and the token authorises /api/auth/me', async () => {
    const res = await fetch(`${server.url}/api/auth/token`, { method: 'POST', body: new URLSearchParams({ username: 'admin', password: ADMIN_PASSWORD }) });
    const body = (await res.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(res.status).toBe(200);
    expect(body.token_type).toBe('bearer');
    expect(body.expires_in).toBeGreaterThan(0);
    const me = await new ApiClient(server.url, body.access_token).get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: 'admin', role: 'admin' });
    expect(JSON.stringify(me.body)).not.toMatch(/password|hash/i);
  });

  it('accepts JSON on /api/auth/token and /api/auth/login', async () => {
    for (const path of ['/api/auth/token', '/api/auth/login']) {
      const res = await anon.post<{ access_token: string }>(path, { username: 'admin', password: ADMIN_PASSWORD });
      expect(res.status).toBe(200);
      expect(res.body.access_token.split('.')).toHaveLength(3);
    }
  });

  it('refuses a wrong password with 401 and the same message as an unknown user', async () => {
    const wrong = await anon.post('/api/auth/login', { username: 'admin', password: 'wrong-password-123' });
    const unknown = await anon.post('/api/auth/login', { username: 'nobody-here', password: 'wrong-password-123' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('answers 401 without credentials and with a garbage bearer token', async () => {
    expect((await anon.get('/api/auth/me')).status).toBe(401);
    const garbage = await new ApiClient(server.url, 'garbage.token.here').get('/api/auth/me');
    expect(garbage.status).toBe(401);
    expect(garbage.body).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });

  it('rate-limits failed logins per username with 429 and Retry-After', async () => {
    await admin.post('/api/users', { username: 'locked-out', password: 'correct-horse-battery', role: 'viewer' });
    for (let i = 0; i < 5; i++) {
      expect((await anon.post('/api/auth/login', { username: 'locked-out', password: `wrong-${i}-password` })).status).toBe(401);
    }
    const limited = await anon.post('/api/auth/login', { username: 'locked-out', password: 'correct-horse-battery' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({ error: { code: 'RATE_LIMITED' } });
  });

  it('audits logins, failed ones included, and never logs the password', async () => {
    await anon.post('/api/auth/login', { username: 'admin', password: 'audit-wrong-password' });
    const sqlite = new Database(server.env.DATABASE_PATH, { readonly: true });
    const rows = sqlite.prepare("SELECT actorName, success, details FROM AuditEvent WHERE action = 'auth.login'").all() as { actorName: string; success: number; details: string }[];
    sqlite.close();
    expect(rows.some((r) => r.actorName === 'admin' && r.success === 1)).toBe(true);
    expect(rows.some((r) => r.actorName === 'admin' && r.success === 0 && r.details.includes('invalid_credentials'))).toBe(true);
    expect(JSON.stringify(rows)).not.toContain('audit-wrong-password');
    expect(server.logs()).not.toContain(ADMIN_PASSWORD);
  });
});

describe('logout and revocation', () => {
  it('logout revokes the caller’s outstanding access tokens', async () => {
    const a = await anon.login('admin', ADMIN_PASSWORD);
    const b = await anon.login('admin', ADMIN_PASSWORD);
    expect((await b.get('/api/auth/me')).status).toBe(200);
    expect((await a.post('/api/auth/logout')).status).toBe(200);
    expect((await a.get('/api/auth/me')).status).toBe(401);
    expect((await b.get('/api/auth/me')).status).toBe(401);
    admin = await anon.login('admin', ADMIN_PASSWORD);
    expect((await admin.get('/api/auth/me')).status).toBe(200);
  });

  it('a password change by an admin revokes that user’s tokens', async () => {
    const created = await admin.post<{ id: string }>('/api/users', { username: 'rotating', password: 'first-password-123', role: 'operator' });
    const user = await anon.login('rotating', 'first-password-123');
    expect((await user.get('/api/auth/me')).status).toBe(200);
    expect((await admin.put(`/api/users/${created.body.id}`, { password: 'second-password-123' })).status).toBe(200);
    expect((await user.get('/api/auth/me')).status).toBe(401);
    expect((await (await anon.login('rotating', 'second-password-123')).get('/api/auth/me')).status).toBe(200);
  });

  it('a disabled user cannot sign in and loses existing tokens', async () => {
    const created = await admin.post<{ id: string }>('/api/users', { username: 'leaver', password: 'leaver-password-1', role: 'viewer' });
    const user = await anon.login('leaver', 'leaver-password-1');
    await admin.put(`/api/users/${created.body.id}`, { disabled: true });
    expect((await user.get('/api/auth/me')).status).toBe(401);
    const again = await anon.post('/api/auth/login', { username: 'leaver', password: 'leaver-password-1' });
    expect(again.status).toBe(403);
    expect(again.body).toMatchObject({ error: { code: 'ACCOUNT_DISABLED' } });
  });
});
