import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBase32, hotp, totpStep } from '@/lib/auth/totp/totp';
import { ApiClient } from '../helpers/api-client';
import { ADMIN_PASSWORD, startAppServer, type AppServer } from '../helpers/app-server';

const PASSWORD = 'tess-password-long-enough';
let server: AppServer;
let anon: ApiClient;
let admin: ApiClient;
let tess: ApiClient;
let tessId: string;
let secret: string;
let recovery: string[];
let confirmStep: number;

function codeAt(step: number): string {
  return hotp(decodeBase32(secret), step);
}

function token(fields: Record<string, string>) {
  return anon.post<{ access_token?: string; error?: { code: string } }>('/api/auth/token', { username: 'tess', password: PASSWORD, ...fields });
}

function auditRows(action: string): { actorName: string; target: string | null; success: number; details: string | null }[] {
  const db = new Database(path.join(server.dir, 'appliance.db'), { readonly: true });
  try {
    return db.prepare('SELECT actorName, target, success, details FROM AuditEvent WHERE action = ? ORDER BY createdAt').all(action) as never[];
  } finally {
    db.close();
  }
}

/** The browser's password step through NextAuth's credentials callback, with its CSRF cookie. */
async function browserPasswordStep(fields: Record<string, string>): Promise<{ url: string; setCookie: string[]; session: unknown }> {
  const csrf = await fetch(`${server.url}/api/auth/csrf`);
  const jar = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${server.url}/api/auth/callback/credentials`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: jar },
    body: new URLSearchParams({ csrfToken, json: 'true', ...fields }),
    redirect: 'manual',
  });
  const setCookie = res.headers.getSetCookie();
  const { url } = (await res.json()) as { url: string };
  const cookies = [jar, ...setCookie.map((c) => c.split(';')[0])].join('; ');
  const session = await (await fetch(`${server.url}/api/auth/session`, { headers: { Cookie: cookies } })).json();
  const me = await fetch(`${server.url}/api/auth/me`, { headers: { Cookie: cookies } });
  return { url, setCookie, session: me.status === 200 ? session : { me: me.status, session } };
}

beforeAll(async () => {
  server = await startAppServer();
  anon = new ApiClient(server.url);
  admin = await anon.login('admin', ADMIN_PASSWORD);
  const created = await admin.post<{ id: string }>('/api/users', { username: 'tess', password: PASSWORD, role: 'operator' });
  tessId = created.body.id;
  tess = await anon.login('tess', PASSWORD);
});
afterAll(() => server?.stop());

describe('TOTP enrolment', () => {
  it('starts with a secret, an otpauth URI and a QR code, not yet in force', async () => {
    const res = await tess.post<{ secret: string; otpauth_uri: string; qr_code: string }>('/api/auth/totp/enroll');
    expect(res.status).toBe(200);
    secret = res.body.secret;
    expect(decodeBase32(secret)).toHaveLength(20);
    expect(res.body.otpauth_uri).toMatch(new RegExp(`^otpauth://totp/.*tess\\?secret=${secret}&`));
    expect(res.body.qr_code).toMatch(/^data:image\/png;base64,/);
    expect((await tess.get('/api/auth/totp')).body).toMatchObject({ enabled: false, pending: true });
    // Pending enrolment does not change the password sign-in yet.
    expect((await token({})).status).toBe(200);
  });

  it('refuses a wrong confirmation code and bad input', async () => {
    const wrong = await tess.post('/api/auth/totp/confirm', { code: codeAt(totpStep() + 5) });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: { code: 'INVALID_TOTP' } });
    const bad = await tess.post<{ error: { details: { fields: { path: string }[] } } }>('/api/auth/totp/confirm', { code: 1 });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.fields[0].path).toBe('code');
  });

  it('confirms with a current code and returns ten recovery codes once', async () => {
    confirmStep = totpStep();
    const res = await tess.post<{ enabled: boolean; recovery_codes: string[] }>('/api/auth/totp/confirm', { code: codeAt(confirmStep) });
    expect(res.status).toBe(200);
    recovery = res.body.recovery_codes;
    expect(recovery).toHaveLength(10);
    const status = await tess.get('/api/auth/totp');
    expect(status.body).toMatchObject({ enabled: true, pending: false, recovery_codes_left: 10 });
    expect(JSON.stringify(status.body)).not.toContain(recovery[0]);
    expect((await tess.post('/api/auth/totp/enroll')).body).toMatchObject({ error: { code: 'TOTP_ALREADY_ENABLED' } });
    // Stored encrypted and hashed: neither the secret nor a recovery code is in the database.
    const db = new Database(path.join(server.dir, 'appliance.db'), { readonly: true });
    const row = db.prepare('SELECT totpSecret, recoveryCodes FROM User WHERE id = ?').get(tessId) as { totpSecret: string; recoveryCodes: string };
    db.close();
    expect(row.totpSecret).not.toContain(secret);
    expect(row.recoveryCodes).not.toContain(recovery[0]);
    expect(auditRows('totp.enable')).toHaveLength(1);
  });
});

describe('sign-in with a second factor', () => {
  it('the token endpoint answers 401 TOTP_REQUIRED to the password alone, and issues no token', async () => {
    const res = await token({});
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'TOTP_REQUIRED', message: expect.any(String) } });
    const form = await fetch(`${server.url}/api/auth/token`, { method: 'POST', body: new URLSearchParams({ username: 'tess', password: PASSWORD }) });
    expect(form.status).toBe(401);
    expect(await form.text()).not.toMatch(/access_token|eyJ/);
  });

  it('the browser password step alone yields no session', async () => {
    const step = await browserPasswordStep({ username: 'tess', password: PASSWORD });
    expect(step.url).toContain('error=TOTP_REQUIRED');
    expect(step.setCookie.join('\n')).not.toContain('session-token');
    expect(step.session).toMatchObject({ me: 401, session: {} });
  });

  it('refuses a wrong code and the already used confirmation code', async () => {
    expect((await token({ totp_code: codeAt(totpStep() + 7) })).body).toMatchObject({ error: { code: 'INVALID_TOTP' } });
    expect((await token({ totp_code: codeAt(confirmStep) })).body).toMatchObject({ error: { code: 'INVALID_TOTP' } });
  });

  it('accepts a fresh code once, through the token endpoint and the browser', async () => {
    const next = confirmStep + 1;
    const ok = await token({ totp_code: codeAt(next) });
    expect(ok.status).toBe(200);
    expect((await new ApiClient(server.url, ok.body.access_token).get('/api/auth/me')).body).toMatchObject({ username: 'tess' });
    expect((await token({ totp_code: codeAt(next) })).status).toBe(401);
    const browser = await browserPasswordStep({ username: 'tess', password: PASSWORD, totp_code: codeAt(next) });
    expect(browser.setCookie.join('\n')).not.toContain('session-token');
  });

  it('accepts a recovery code exactly once', async () => {
    const first = await token({ totp_code: recovery[0].toUpperCase() });
    expect(first.status).toBe(200);
    expect((await token({ totp_code: recovery[0] })).body).toMatchObject({ error: { code: 'INVALID_TOTP' } });
    const browser = await browserPasswordStep({ username: 'tess', password: PASSWORD, totp_code: recovery[1] });
    expect(browser.setCookie.join('\n')).toContain('session-token');
    expect(browser.session).toMatchObject({ user: { name: 'tess' } });
    expect((await tess.get('/api/auth/totp')).body).toMatchObject({ recovery_codes_left: 8 });
    expect(auditRows('totp.recovery_code_used').map((r) => JSON.parse(r.details ?? '{}').remaining)).toEqual([9, 8]);
  });
});

describe('turning the second factor off', () => {
  it('needs a valid code: a wrong one is refused, a recovery code works', async () => {
    expect((await tess.post('/api/auth/totp/disable', { code: '000000' })).status).toBe(401);
    expect((await tess.post('/api/auth/totp/disable', { code: recovery[0] })).status).toBe(401);
    const off = await tess.post('/api/auth/totp/disable', { code: recovery[2] });
    expect(off.status).toBe(200);
    expect((await token({})).status).toBe(200);
    expect(auditRows('totp.disable')).toHaveLength(1);
  });

  it('an admin can reset another user\'s second factor, audited; others cannot', async () => {
    await tess.post('/api/auth/totp/enroll').then(async (r) => {
      secret = (r.body as { secret: string }).secret;
      expect((await tess.post('/api/auth/totp/confirm', { code: codeAt(totpStep()) })).status).toBe(200);
    });
    expect((await token({})).body).toMatchObject({ error: { code: 'TOTP_REQUIRED' } });
    const adminId = ((await admin.get<{ id: string }>('/api/auth/me')).body).id;
    expect((await tess.post(`/api/users/${adminId}/totp/reset`)).status).toBe(403);
    expect((await anon.post(`/api/users/${tessId}/totp/reset`)).status).toBe(401);
    expect((await admin.post('/api/users/no-such-user/totp/reset')).status).toBe(404);
    const reset = await admin.post(`/api/users/${tessId}/totp/reset`);
    expect(reset.status).toBe(200);
    // The reset ends the user's existing sessions and tokens; the password alone works again.
    expect((await tess.get('/api/auth/me')).status).toBe(401);
    expect((await token({})).status).toBe(200);
    tess = await anon.login('tess', PASSWORD);
    const rows = auditRows('totp.reset');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorName: 'admin', target: 'user:tess', success: 1 });
    expect(JSON.parse(rows[0].details ?? '{}')).toEqual({ was_enabled: true });
  });

  it('long-lived API tokens cannot change a second factor', async () => {
    const created = await tess.post<{ token: string }>('/api/tokens', { name: 'script' });
    const res = await new ApiClient(server.url, created.body.token).post('/api/auth/totp/enroll');
    expect(res.status).toBe(403);
  });
});
