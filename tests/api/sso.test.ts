import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GROUPS, startOidcIssuer, type OidcIssuer } from '../fakes/oidc';
import { signInThroughSso } from '../fakes/oidc/browser-flow';
import { ApiClient } from '../helpers/api-client';
import { ADMIN_PASSWORD, startAppServer, type AppServer } from '../helpers/app-server';

let server: AppServer;
let issuer: OidcIssuer;
let anon: ApiClient;
let admin: ApiClient;

function query<T>(sql: string, ...args: unknown[]): T[] {
  const db = new Database(path.join(server.dir, 'appliance.db'), { readonly: true });
  try {
    return db.prepare(sql).all(...args) as T[];
  } finally {
    db.close();
  }
}

async function meOf(jar: { header(): string }): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${server.url}/api/auth/me`, { headers: { Cookie: jar.header() } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  server = await startAppServer();
  issuer = await startOidcIssuer([`${server.url}/api/auth/callback/sso`]);
  anon = new ApiClient(server.url);
  admin = await anon.login('admin', ADMIN_PASSWORD);
});
afterAll(async () => {
  await issuer?.stop();
  await server?.stop();
});

describe('SSO settings', () => {
  it('refuses invalid SSO settings with field paths', async () => {
    const res = await admin.put<{ error: { details: { fields: { path: string }[] } } }>('/api/settings', { sso_provider: 'saml', sso_tenant_id: 'not a tenant', sso_group_roles: { g: 'root' } });
    expect(res.status).toBe(422);
    expect(res.body.error.details.fields.map((f) => f.path).sort()).toEqual(['sso_group_roles.g', 'sso_provider', 'sso_tenant_id']);
  });

  it('keeps the button hidden until SSO is on and complete', async () => {
    expect((await anon.get('/api/auth/sso')).body).toEqual({ enabled: false, provider: null, label: '', provider_id: 'sso' });
    await admin.put('/api/settings', { sso_enabled: true, sso_provider: 'entra' });
    expect((await anon.get('/api/auth/sso')).body).toMatchObject({ enabled: false });
  });

  it('stores the client secret encrypted and never returns it', async () => {
    const put = await admin.put('/api/settings', {
      sso_provider: 'oidc', sso_issuer_url: issuer.issuer, sso_client_id: issuer.clientId, sso_client_secret: issuer.clientSecret,
      sso_allowed_groups: [GROUPS.staff], sso_group_roles: { [GROUPS.admins]: 'admin', [GROUPS.operators]: 'operator' },
    });
    expect(put.status).toBe(200);
    const settings = await admin.get('/api/settings');
    expect(settings.body).toMatchObject({ sso_client_secret_set: true, sso_default_role: 'viewer' });
    const publicInfo = await anon.get('/api/auth/sso');
    expect(publicInfo.body).toEqual({ enabled: true, provider: 'oidc', label: '', provider_id: 'sso' });
    const login = await (await fetch(`${server.url}/login`)).text();
    const docs = await anon.get('/api/openapi.json');
    for (const text of [JSON.stringify(put.body), JSON.stringify(settings.body), JSON.stringify(publicInfo.body), login, JSON.stringify(docs.body)]) {
      expect(text).not.toContain(issuer.clientSecret);
    }
    const [row] = query<{ value: string }>("SELECT value FROM Setting WHERE key = 'sso_client_secret'");
    expect(row.value).not.toContain(issuer.clientSecret);
    expect(JSON.parse(row.value)).toMatch(/^v1\./);
  });
});

describe('SSO sign-in against the local issuer', () => {
  it('creates the user with the mapped role, no password, keyed by issuer and subject; audited', async () => {
    const { finalUrl, jar } = await signInThroughSso(server.url, 'ada');
    expect(finalUrl).toBe(`${server.url}/`);
    const me = await meOf(jar);
    expect(me.body).toMatchObject({ username: 'ada@msp.example.com', role: 'admin', auth_provider: 'oidc', auth: 'session' });
    const [user] = query<{ passwordHash: string | null; externalId: string }>('SELECT passwordHash, externalId FROM User WHERE username = ?', 'ada@msp.example.com');
    expect(user).toEqual({ passwordHash: null, externalId: `${issuer.issuer}#ada` });
    const [event] = query<{ success: number; details: string }>("SELECT success, details FROM AuditEvent WHERE action = 'auth.sso_login' AND actorName = ?", 'ada@msp.example.com');
    expect(event.success).toBe(1);
    expect(JSON.parse(event.details)).toMatchObject({ provider: 'oidc', created: true, role: 'admin' });
  });

  it('an SSO account has no password sign-in and no local second factor', async () => {
    const { jar } = await signInThroughSso(server.url, 'alice');
    expect((await anon.post('/api/auth/token', { username: 'alice@msp.example.com', password: 'anything-at-all' })).status).toBe(401);
    // As a browser sends it: a cookie mutation names its origin (CSRF check).
    const enrol = await fetch(`${server.url}/api/auth/totp/enroll`, { method: 'POST', headers: { Cookie: jar.header(), Origin: server.url } });
    expect(await enrol.json()).toMatchObject({ error: { code: 'TOTP_NOT_LOCAL' } });
  });

  it('refuses users outside the allowed groups and audits the refusal', async () => {
    const { finalUrl, jar } = await signInThroughSso(server.url, 'eve');
    expect(finalUrl).toBe(`${server.url}/login?error=SSO_NOT_IN_GROUP`);
    expect((await meOf(jar)).status).toBe(401);
    expect(query('SELECT id FROM User WHERE username = ?', 'eve@customer.example.com')).toEqual([]);
    const [event] = query<{ success: number; details: string }>("SELECT success, details FROM AuditEvent WHERE action = 'auth.sso_login' AND actorName = ?", 'eve@customer.example.com');
    expect(event.success).toBe(0);
    expect(JSON.parse(event.details)).toMatchObject({ reason: 'SSO_NOT_IN_GROUP', groups: [GROUPS.outsiders] });
  });

  it('refuses a disabled user and audits it', async () => {
    await signInThroughSso(server.url, 'dora');
    const users = await admin.get<{ items: { id: string; username: string }[] }>('/api/users');
    const dora = users.body.items.find((u) => u.username === 'dora@msp.example.com');
    expect((await admin.put(`/api/users/${dora?.id}`, { disabled: true })).status).toBe(200);
    const { finalUrl, jar } = await signInThroughSso(server.url, 'dora');
    expect(finalUrl).toBe(`${server.url}/login?error=SSO_ACCOUNT_DISABLED`);
    expect((await meOf(jar)).status).toBe(401);
    const reasons = query<{ details: string }>("SELECT details FROM AuditEvent WHERE action = 'auth.sso_login' AND success = 0 AND actorName = ?", 'dora@msp.example.com');
    expect(reasons.map((r) => JSON.parse(r.details).reason)).toEqual(['SSO_ACCOUNT_DISABLED']);
  });

  it('turning SSO off closes the SSO door but not the local one', async () => {
    await admin.put('/api/settings', { sso_enabled: false });
    const res = await fetch(`${server.url}/api/auth/signin/sso`, { redirect: 'manual' });
    expect(res.headers.get('location') ?? '').not.toContain(issuer.issuer);
    expect((await anon.post('/api/auth/token', { username: 'admin', password: ADMIN_PASSWORD })).status).toBe(200);
  });
});
