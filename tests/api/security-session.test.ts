import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../helpers/api-client';
import { ADMIN_PASSWORD, startAppServer, type AppServer } from '../helpers/app-server';
import { signInWithCookie, signOutWithCookie, type BrowserSession } from '../helpers/browser-session';

// Issue 14, findings 6 (CSRF), 7 (sign-out) and 8 (token scopes), against the built appliance.
let server: AppServer;
let admin: ApiClient;
let session: BrowserSession;

beforeAll(async () => {
  server = await startAppServer();
  admin = await new ApiClient(server.url).login('admin', ADMIN_PASSWORD);
  session = await signInWithCookie(server.url, 'admin', ADMIN_PASSWORD);
});
afterAll(() => server?.stop());

function userExists(username: string): boolean {
  const sqlite = new Database(server.env.DATABASE_PATH, { readonly: true });
  const row = sqlite.prepare('SELECT id FROM User WHERE username = ?').get(username);
  sqlite.close();
  return Boolean(row);
}

function postUsers(headers: Record<string, string>, username: string): Promise<Response> {
  return fetch(`${server.url}/api/users`, {
    method: 'POST',
    headers: { Cookie: session.cookie, ...headers },
    body: JSON.stringify({ username, password: 'csrf-password-123', role: 'admin' }),
  });
}

describe('CSRF', () => {
  it('refuses a cross-site form-style post with the admin cookie (text/plain, foreign Origin) and creates nothing', async () => {
    const res = await postUsers({ 'Content-Type': 'text/plain', Origin: 'http://evil.example' }, 'csrf-admin-1');
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(userExists('csrf-admin-1')).toBe(false);
  });

  it('refuses a cookie mutation from a foreign origin even with a JSON content type', async () => {
    const res = await postUsers({ 'Content-Type': 'application/json', Origin: 'http://evil.example', 'Sec-Fetch-Site': 'cross-site' }, 'csrf-admin-2');
    expect(res.status).toBe(403);
    expect(userExists('csrf-admin-2')).toBe(false);
  });

  it('refuses a cookie mutation that names no origin at all', async () => {
    const res = await postUsers({ 'Content-Type': 'application/json' }, 'csrf-admin-3');
    expect(res.status).toBe(403);
    expect(userExists('csrf-admin-3')).toBe(false);
  });

  it('accepts the same mutation from the appliance’s own origin', async () => {
    const res = await postUsers({ 'Content-Type': 'application/json', Origin: server.url, 'Sec-Fetch-Site': 'same-origin' }, 'csrf-ok');
    expect(res.status).toBe(201);
    expect(userExists('csrf-ok')).toBe(true);
  });

  it('a JSON body must say application/json: 415 otherwise, also for bearer calls, nothing created', async () => {
    const res = await admin.request('POST', '/api/users', JSON.stringify({ username: 'plain-text', password: 'csrf-password-123', role: 'viewer' }), { 'Content-Type': 'text/plain' });
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    expect(userExists('plain-text')).toBe(false);
  });

  it('bearer calls need no Origin', async () => {
    const res = await admin.post('/api/users', { username: 'bearer-made', password: 'csrf-password-123', role: 'viewer' });
    expect(res.status).toBe(201);
  });
});

describe('sign-out', () => {
  it('signing out through the UI’s endpoint revokes the session: the old cookie no longer works', async () => {
    const own = await signInWithCookie(server.url, 'admin', ADMIN_PASSWORD);
    expect((await fetch(`${server.url}/api/auth/me`, { headers: { Cookie: own.cookie } })).status).toBe(200);
    expect(await signOutWithCookie(server.url, own)).toBeLessThan(400);
    const replay = await fetch(`${server.url}/api/auth/me`, { headers: { Cookie: own.cookie } });
    expect(replay.status).toBe(401);
    // Another browser of the same user stays signed in.
    expect((await fetch(`${server.url}/api/auth/me`, { headers: { Cookie: session.cookie } })).status).toBe(200);
  });
});

async function apiToken(client: ApiClient, scopes: string[]): Promise<ApiClient> {
  const res = await client.post<{ token: string }>('/api/tokens', { name: `t-${scopes.join('-')}`, scopes });
  expect(res.status).toBe(201);
  return new ApiClient(server.url, res.body.token);
}

describe('API token scopes', () => {
  it('a customers:read token cannot change the account or sign the user out everywhere', async () => {
    const token = await apiToken(admin, ['customers:read']);
    const put = await token.put('/api/auth/me', { email: 'attacker@evil.example' });
    expect(put.status).toBe(403);
    const logout = await token.post('/api/auth/logout');
    expect(logout.status).toBe(403);
    // Nothing changed: the admin's access token still works and the email is not the attacker's.
    const me = await admin.get<{ email: string | null }>('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.email).not.toBe('attacker@evil.example');
  });

  it('account self-service has its own scope', async () => {
    const token = await apiToken(admin, ['account:manage']);
    expect((await token.put('/api/auth/me', { language: 'de' })).status).toBe(200);
    expect((await token.get('/api/customers')).status).toBe(403);
  });

  it('an admin token scoped to tokens:manage cannot revoke another user’s token; one with users:manage can', async () => {
    await admin.post('/api/users', { username: 'token-owner', password: 'token-owner-pass-1', role: 'viewer' });
    const owner = await new ApiClient(server.url).login('token-owner', 'token-owner-pass-1');
    const own = await owner.post<{ id: string }>('/api/tokens', { name: 'mine', scopes: ['customers:read'] });
    expect(own.status).toBe(201);
    const narrow = await apiToken(admin, ['tokens:manage']);
    expect((await narrow.delete(`/api/tokens/${own.body.id}`)).status).toBe(404);
    expect((await owner.get<{ items: { id: string }[] }>('/api/tokens')).body.items.map((t) => t.id)).toContain(own.body.id);
    const wide = await apiToken(admin, ['tokens:manage', 'users:manage']);
    expect((await wide.delete(`/api/tokens/${own.body.id}`)).status).toBeLessThan(300);
  });
});
