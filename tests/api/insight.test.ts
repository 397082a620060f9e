import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../helpers/api-client';
import { startLifecycle, type Lifecycle } from '../helpers/lifecycle-fixture';

/**
 * The NetBird insight at the API edge, on seeded rows (no tenant needed): the list's NetBird
 * filters and columns, and who may rotate a tenant's NetBird token.
 */
let env: Lifecycle;
let operator: ApiClient;
let viewer: ApiClient;
let anon: ApiClient;
const ids: Record<'over' | 'quiet' | 'unread', string> = { over: '', quiet: '', unread: '' };

interface Seed { peersTotal: number | null; peersConnected: number | null; maxDevices: number; update: boolean | null; stale?: string }

function seed(prefix: string, s: Seed): string {
  const id = `in${randomBytes(8).toString('hex')}`;
  const sqlite = new Database(env.server.env.DATABASE_PATH);
  const now = Date.now();
  sqlite.prepare('INSERT INTO Customer (id, name, subdomain, email, maxDevices, status, desiredState, peersTotal, peersConnected, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(id, prefix, env.unique(prefix), 'ops@example.com', s.maxDevices, 'inactive', 'stopped', s.peersTotal, s.peersConnected, now, now);
  const port = 40_000 + Math.floor(Math.random() * 20_000);
  sqlite.prepare('INSERT INTO Deployment (id, customerId, dashboardPort, relayPort, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?)').run(`d${id}`, id, port, port + 1, now, now);
  if (s.update !== null) {
    sqlite.prepare('INSERT INTO TenantInsight (customerId, peersTotal, peersConnected, clientVersions, managementVersion, updateAvailable, availableVersion, gatheredAt, staleReason, staleSince, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, s.peersTotal, s.peersConnected, JSON.stringify({ '0.60.1': s.peersTotal ?? 0 }), '0.77.1', s.update ? 1 : 0, s.update ? '0.78.0' : null, now - 60_000, s.stale ?? null, s.stale ? now : null, now);
  }
  sqlite.close();
  return id;
}

interface Item { id: string; netbird: { peers_connected: number | null; over_max_devices: boolean; update_available: boolean | null; available_version: string | null; client_versions: { version: string; peers: number }[]; stale: { reason: string } | null } }

async function listIds(query: string): Promise<string[]> {
  const res = await env.admin.get<{ items: Item[] }>(`/api/customers?per_page=100&${query}`);
  expect(res.status).toBe(200);
  return res.body.items.map((i) => i.id).filter((id) => Object.values(ids).includes(id)).sort();
}

beforeAll(async () => {
  env = await startLifecycle({}, { npm_api_url: '', npm_api_email: '', npm_api_password: '' });
  await env.admin.post('/api/users', { username: 'op', password: 'operator-password', role: 'operator' });
  await env.admin.post('/api/users', { username: 'view', password: 'viewer-password-1', role: 'viewer' });
  anon = new ApiClient(env.server.url);
  operator = await anon.login('op', 'operator-password');
  viewer = await anon.login('view', 'viewer-password-1');
  ids.over = seed('in-over', { peersTotal: 6, peersConnected: 2, maxDevices: 5, update: true, stale: 'NetBird at http://127.0.0.1:1 is not reachable' });
  ids.quiet = seed('in-quiet', { peersTotal: 1, peersConnected: 0, maxDevices: 5, update: false });
  ids.unread = seed('in-unread', { peersTotal: null, peersConnected: null, maxDevices: 5, update: null });
});
afterAll(() => env?.cleanup());

describe('rotating the NetBird token: who may', () => {
  const path = () => `/api/customers/${ids.quiet}/netbird-token/rotate`;

  it('401 without a session, 403 for viewer and operator (a token is a credential: admins only)', async () => {
    expect((await anon.post(path())).status).toBe(401);
    expect((await viewer.post(path())).status).toBe(403);
    expect((await operator.post(path())).status).toBe(403);
  });

  it('404 for an unknown customer, 409 when the appliance holds no NetBird token for it; nothing recorded as a token', async () => {
    expect((await env.admin.post('/api/customers/nope/netbird-token/rotate')).status).toBe(404);
    const res = await env.admin.post<{ error: { code: string } }>(path());
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CONFLICT');
    const sqlite = new Database(env.server.env.DATABASE_PATH, { readonly: true });
    const row = sqlite.prepare('SELECT insightToken, insightTokenId FROM Deployment WHERE customerId = ?').get(ids.quiet);
    sqlite.close();
    expect(row).toEqual({ insightToken: null, insightTokenId: null });
  });
});

describe('pasting a NetBird token for a tenant set up by its customer: who may, and refusals', () => {
  const path = () => `/api/customers/${ids.quiet}/netbird-token`;
  const TOKEN = `nbp_${'Q'.repeat(36)}`;
  const stored = () => {
    const sqlite = new Database(env.server.env.DATABASE_PATH, { readonly: true });
    const row = sqlite.prepare('SELECT ownerToken FROM Deployment WHERE customerId = ?').get(ids.quiet);
    sqlite.close();
    return row;
  };

  it('401 without a session, 403 for a viewer; 422 naming token for what is no NetBird token', async () => {
    expect((await anon.put(path(), { token: TOKEN })).status).toBe(401);
    expect((await viewer.put(path(), { token: TOKEN })).status).toBe(403);
    for (const body of [{}, { token: 'not-a-token' }, { token: TOKEN, extra: 1 }]) {
      const res = await operator.put<{ error: { code: string; details: { fields: { path: string }[] } } }>(path(), body);
      expect(res.status).toBe(422);
      if (!('extra' in body)) expect(res.body.error.details.fields.map((f) => f.path)).toEqual(['token']);
    }
    expect(stored()).toEqual({ ownerToken: null });
  });

  it('operators may (it is write-only, never shown): 404 for an unknown customer, 409 before the first deploy, nothing stored', async () => {
    expect((await operator.put('/api/customers/nope/netbird-token', { token: TOKEN })).status).toBe(404);
    const res = await operator.put<{ error: { code: string } }>(path(), { token: TOKEN });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CONFLICT');
    expect(stored()).toEqual({ ownerToken: null });
  });

  it('is documented', async () => {
    const spec = await anon.get<{ paths: Record<string, Record<string, unknown>> }>('/api/openapi.json');
    expect(Object.keys(spec.body.paths['/api/customers/{id}/netbird-token'] ?? {})).toEqual(['put']);
  });
});

describe('the customer list: NetBird columns and filters', () => {
  it('401 without a session; 422 naming the field for a filter value that is not true/false', async () => {
    expect((await anon.get('/api/customers?over_devices=true')).status).toBe(401);
    const res = await env.admin.get<{ error: { code: string; details: { fields: { path: string }[] } } }>('/api/customers?over_devices=maybe');
    expect(res.status).toBe(422);
    expect(res.body.error.details.fields.map((f) => f.path)).toContain('over_devices');
  });

  it('over_devices: only the tenant with more peers than max_devices; false gives the rest', async () => {
    expect(await listIds('over_devices=true')).toEqual([ids.over]);
    expect(await listIds('over_devices=false')).toEqual([ids.quiet, ids.unread].sort());
  });

  it('peers_online: at least one connected peer; false includes the never-read tenant', async () => {
    expect(await listIds('peers_online=true')).toEqual([ids.over]);
    expect(await listIds('peers_online=false')).toEqual([ids.quiet, ids.unread].sort());
  });

  it('update_available: what NetBird reported at the last read', async () => {
    expect(await listIds('update_available=true')).toEqual([ids.over]);
    expect(await listIds('update_available=false')).toEqual([ids.quiet, ids.unread].sort());
    expect(await listIds('update_available=true&peers_online=false')).toEqual([]);
  });

  it('items carry the cached figures, flagged over the limit and stale with the reason', async () => {
    const res = await env.admin.get<{ items: Item[] }>('/api/customers?per_page=100&over_devices=true');
    const over = res.body.items.find((i) => i.id === ids.over);
    expect(over?.netbird).toMatchObject({ peers_connected: 2, over_max_devices: true, update_available: true, available_version: '0.78.0', client_versions: [{ version: '0.60.1', peers: 6 }] });
    expect(over?.netbird.stale?.reason).toContain('not reachable');
    const unread = (await env.admin.get<Item>(`/api/customers/${ids.unread}`)).body;
    expect(unread.netbird).toMatchObject({ peers_connected: null, over_max_devices: false, update_available: null, stale: null });
  });

  it('the viewer sees the same list (reading needs customers:read only)', async () => {
    const res = await viewer.get<{ items: Item[] }>('/api/customers?per_page=100&update_available=true');
    expect(res.status).toBe(200);
    expect(res.body.items.map((i) => i.id)).toContain(ids.over);
  });
});
