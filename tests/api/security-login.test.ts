import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../helpers/api-client';
import { ADMIN_PASSWORD, startAppServer, type AppServer } from '../helpers/app-server';
import { loginFrom } from '../helpers/browser-session';

// Attacks from the security review (issue 14, findings 3 and 9), replayed against the built appliance.
let server: AppServer;
let admin: ApiClient;

beforeAll(async () => {
  server = await startAppServer();
  admin = await new ApiClient(server.url).login('admin', ADMIN_PASSWORD);
});
afterAll(() => server?.stop());

function failedLoginRows(): number {
  const sqlite = new Database(server.env.DATABASE_PATH, { readonly: true });
  const row = sqlite.prepare("SELECT COUNT(*) AS n FROM AuditEvent WHERE action = 'auth.login' AND success = 0").get() as { n: number };
  sqlite.close();
  return row.n;
}

describe('client address', () => {
  it('a forged X-Forwarded-For does not buy fresh attempts: the socket address is the client', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await loginFrom('127.0.0.5', server.url, `spray-${i}`, 'wrong-password-123', { 'X-Forwarded-For': `203.0.113.${i + 1}` });
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(20);
    expect(statuses.at(-1)).toBe(429);
  });

  it('X-Forwarded-For is followed only from a listed trusted proxy, right-most untrusted entry first', async () => {
    expect((await admin.put('/api/settings', { trusted_proxies: ['127.0.0.6'] })).status).toBe(200);
    // Through the trusted proxy, each forwarded client has its own budget: 25 clients × 1 failure pass.
    const through: number[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await loginFrom('127.0.0.6', server.url, `proxied-${i}`, 'wrong-password-123', { 'X-Forwarded-For': `198.51.100.99, 192.0.2.${i + 1}` });
      through.push(res.status);
    }
    expect(through.every((s) => s === 401)).toBe(true);
    const sqlite = new Database(server.env.DATABASE_PATH, { readonly: true });
    const addresses = sqlite.prepare("SELECT DISTINCT address FROM AuditEvent WHERE actorName LIKE 'proxied-%'").all() as { address: string }[];
    sqlite.close();
    // The right-most entry is the one the trusted proxy saw; the left one is whatever the client claimed.
    expect(addresses.map((a) => a.address)).not.toContain('198.51.100.99');
    expect(addresses.map((a) => a.address)).toContain('192.0.2.1');
    expect((await admin.put('/api/settings', { trusted_proxies: [] })).status).toBe(200);
  });

  it('refuses a malformed trusted_proxies entry with 422 and the field, changing nothing', async () => {
    const res = await admin.put('/api/settings', { trusted_proxies: ['not an address'] });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body)).toContain('trusted_proxies');
    expect(((await admin.get('/api/settings')).body as { trusted_proxies: string[] }).trusted_proxies).toEqual([]);
  });
});

describe('lock-out', () => {
  it('a flood against one account from one address does not lock that account out elsewhere', async () => {
    await admin.post('/api/users', { username: 'victim', password: 'victim-password-1', role: 'viewer' });
    for (let i = 0; i < 8; i++) await loginFrom('127.0.0.7', server.url, 'victim', `wrong-${i}-password`);
    expect((await loginFrom('127.0.0.7', server.url, 'victim', 'victim-password-1')).status).toBe(429);
    // The victim signs in from an address that has not failed.
    expect((await loginFrom('127.0.0.8', server.url, 'victim', 'victim-password-1')).status).toBe(200);
  });

  it('counts an attempt before the password hash: a parallel burst gets at most the limit of guesses', async () => {
    await admin.post('/api/users', { username: 'burst', password: 'burst-password-1', role: 'viewer' });
    const attempts = Array.from({ length: 40 }, (_, i) => loginFrom('127.0.0.9', server.url, 'burst', `wrong-${i}-password`));
    attempts.push(loginFrom('127.0.0.9', server.url, 'burst', 'burst-password-1'));
    const results = await Promise.all(attempts);
    const guessed = results.filter((r) => r.status === 401 || r.status === 200).length;
    expect(guessed).toBeLessThanOrEqual(5);
    expect(results.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(36);
    expect(results.every((r) => [200, 401, 429].includes(r.status))).toBe(true);
  });
});

describe('flood', () => {
  it('a parallel flood of random usernames is cut off, the API keeps answering, and the audit grows by a bounded number of rows', async () => {
    const before = failedLoginRows();
    const flood = Array.from({ length: 80 }, (_, i) => loginFrom('127.0.0.10', server.url, `flood-${i}-${Math.random().toString(36).slice(2, 8)}`, 'wrong-password-123'));
    const started = Date.now();
    const list = await admin.get('/api/customers');
    const listMs = Date.now() - started;
    const results = await Promise.all(flood);
    expect(list.status).toBe(200);
    expect(results.every((r) => r.status === 401 || r.status === 429)).toBe(true);
    expect(results.filter((r) => r.status === 401).length).toBeLessThanOrEqual(20);
    expect(failedLoginRows() - before).toBeLessThanOrEqual(20);
    // Generous on a shared 2-core machine; before the fix the list waited behind ~80 hashes.
    expect(listMs).toBeLessThan(5_000);
  });

  it('repeated failures of one account from one address share one audit row with a count', async () => {
    for (let i = 0; i < 3; i++) await loginFrom('127.0.0.11', server.url, 'admin', `not-it-${i}-password`);
    const sqlite = new Database(server.env.DATABASE_PATH, { readonly: true });
    const rows = sqlite.prepare("SELECT details FROM AuditEvent WHERE action = 'auth.login' AND success = 0 AND address = '127.0.0.11'").all() as { details: string }[];
    sqlite.close();
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0].details)).toMatchObject({ reason: 'invalid_credentials', attempts: 3 });
  });
});
