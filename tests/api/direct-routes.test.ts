import Database from 'better-sqlite3';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../helpers/api-client';
import { ADMIN_PASSWORD, startAppServer, type AppServer } from '../helpers/app-server';

/**
 * The hot read-only routes the server entry answers without Next.js's routing layer
 * (app/api/direct-routes.ts): they must refuse, validate and answer exactly as the same route
 * does through Next.js. A HEAD request still goes through Next.js (only GET is direct), so it is
 * the reference for status and headers; Next.js's own `Vary: rsc, …` tells the two paths apart.
 */
const DIRECT = ['/api/customers', '/api/health', '/api/monitoring/customers', '/api/monitoring/host'];
const SAME_HEADERS = ['x-content-type-options', 'x-frame-options', 'referrer-policy', 'content-type', 'cache-control'];

let server: AppServer;
let admin: ApiClient;
let adminToken: string;

interface Raw { status: number; headers: http.IncomingHttpHeaders; body: Buffer }

function raw(method: string, path: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function seedCustomers(count: number): void {
  const sqlite = new Database(server.env.DATABASE_PATH);
  const now = Date.now();
  const insert = sqlite.prepare('INSERT INTO Customer (id, name, subdomain, email, maxDevices, status, desiredState, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  for (let i = 0; i < count; i++) insert.run(`direct${i}`, `Direct Customer ${i} GmbH`, `direct-${i}`, `owner${i}@direct.example`, 10, 'inactive', 'stopped', now, now);
  sqlite.close();
}

beforeAll(async () => {
  server = await startAppServer();
  admin = await new ApiClient(server.url).login('admin', ADMIN_PASSWORD);
  const token = await new ApiClient(server.url).post<{ access_token: string }>('/api/auth/token', { username: 'admin', password: ADMIN_PASSWORD });
  adminToken = token.body.access_token;
  seedCustomers(30);
});
afterAll(() => server?.stop());

describe('direct routes', () => {
  it('refuses an anonymous client with the one error shape, as Next.js does', async () => {
    for (const path of DIRECT.filter((p) => p !== '/api/health')) {
      const direct = await raw('GET', path);
      const viaNext = await raw('HEAD', path);
      expect(direct.status, path).toBe(401);
      expect(viaNext.status, path).toBe(401);
      expect(JSON.parse(direct.body.toString()), path).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    }
  });

  it('answers with the headers the same route has through Next.js, without its routing layer', async () => {
    const auth = { Authorization: `Bearer ${adminToken}` };
    for (const path of DIRECT) {
      const direct = await raw('GET', path, auth);
      const viaNext = await raw('HEAD', path, auth);
      expect(direct.status, path).toBe(200);
      expect(viaNext.status, path).toBe(200);
      for (const name of SAME_HEADERS) expect(direct.headers[name], `${path} ${name}`).toBe(viaNext.headers[name]);
      expect(viaNext.headers.vary, path).toMatch(/\brsc\b/);
      expect(direct.headers.vary ?? '', path).not.toMatch(/\brsc\b/);
      expect(Number(direct.headers['content-length']), path).toBe(direct.body.length);
    }
  });

  it('still refuses a revoked token, a missing scope and a bad query', async () => {
    const created = await admin.post<{ id: string; token: string }>('/api/tokens', { name: 'customers only', scopes: ['customers:read'] });
    const scoped = { Authorization: `Bearer ${created.body.token}` };
    expect((await raw('GET', '/api/customers', scoped)).status).toBe(200);
    const forbidden = await raw('GET', '/api/monitoring/customers', scoped);
    expect(forbidden.status).toBe(403);
    expect(JSON.parse(forbidden.body.toString())).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await admin.delete(`/api/tokens/${created.body.id}`)).status).toBe(200);
    expect((await raw('GET', '/api/customers', scoped)).status).toBe(401);

    const auth = { Authorization: `Bearer ${adminToken}` };
    const bad = await raw('GET', '/api/customers?per_page=0', auth);
    expect(bad.status).toBe(422);
    expect(JSON.parse(bad.body.toString())).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: { fields: [{ path: 'per_page' }] } } });
    expect((await raw('GET', '/api/monitoring/host?colour=red', auth)).status).toBe(422);
  });

  it('sees a write at once: a renamed customer shows in the next list', async () => {
    const auth = { Authorization: `Bearer ${adminToken}` };
    const before = JSON.parse((await raw('GET', '/api/customers?per_page=100&search=direct', auth)).body.toString()) as { items: { id: string; name: string }[] };
    expect(before.items.find((c) => c.id === 'direct3')?.name).toBe('Direct Customer 3 GmbH');
    expect((await admin.put('/api/customers/direct3', { name: 'Renamed Direct AG' })).status).toBe(200);
    const after = JSON.parse((await raw('GET', '/api/customers?per_page=100&search=direct', auth)).body.toString()) as { items: { id: string; name: string }[] };
    expect(after.items.find((c) => c.id === 'direct3')?.name).toBe('Renamed Direct AG');
  });

  it('compresses a large list for a client that accepts gzip, and only then', async () => {
    const auth = { Authorization: `Bearer ${adminToken}` };
    const plain = await raw('GET', '/api/customers?per_page=100', auth);
    expect(plain.body.length).toBeGreaterThan(1024);
    expect(plain.headers['content-encoding']).toBeUndefined();
    for (let i = 0; i < 2; i++) {
      const zipped = await raw('GET', '/api/customers?per_page=100', { ...auth, 'Accept-Encoding': 'gzip, deflate' });
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(zipped.body.length).toBeLessThan(plain.body.length);
      expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    }
  });

  it('leaves other methods, a trailing slash and other paths to Next.js', async () => {
    const auth = { Authorization: `Bearer ${adminToken}` };
    expect((await raw('GET', '/api/customers/', auth)).status).toBe(308);
    const users = await raw('GET', '/api/users', auth);
    expect(users.status).toBe(200);
    expect(users.headers.vary).toMatch(/\brsc\b/);
    // A POST to a direct path is Next.js's: the same route validates it there.
    const post = await admin.request<{ error: { details: { fields: { path: string }[] } } }>('POST', '/api/customers', { name: 'x' });
    expect(post.status).toBe(422);
    expect(post.body.error.details.fields.map((f) => f.path)).toContain('subdomain');
  });
});
