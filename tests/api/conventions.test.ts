import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../helpers/api-client';
import { ADMIN_PASSWORD, startAppServer, type AppServer } from '../helpers/app-server';

let server: AppServer;
let admin: ApiClient;

beforeAll(async () => {
  server = await startAppServer();
  admin = await new ApiClient(server.url).login('admin', ADMIN_PASSWORD);
});
afterAll(() => server?.stop());

describe('REST conventions', () => {
  it('answers malformed JSON with 400 and changes nothing', async () => {
    const before = await admin.get<{ items: unknown[] }>('/api/users');
    const res = await admin.request('POST', '/api/users', '{"username": "x",', { 'Content-Type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'MALFORMED_JSON' } });
    expect((await admin.get<{ items: unknown[] }>('/api/users')).body.items).toHaveLength(before.body.items.length);
  });

  it('answers a bad body with 422 naming each field', async () => {
    const res = await admin.post<{ error: { details: { fields: { path: string }[] } } }>('/api/users', { username: 'ok-name', password: 'short', role: 'superuser' });
    expect(res.status).toBe(422);
    expect(res.body.error.details.fields.map((f) => f.path).sort()).toEqual(['password', 'role']);
  });

  it('refuses unknown fields instead of ignoring them', async () => {
    const res = await admin.put<{ error: { details: { fields: { path: string; code: string }[] } } }>('/api/settings', { base_domain: 'msp.example.com', colour: 'red' });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body)).toContain('colour');
    expect((await admin.get<{ base_domain: string }>('/api/settings')).body.base_domain).toBe('');
  });

  it('answers an oversized body with 413', async () => {
    const res = await admin.request('POST', '/api/users', JSON.stringify({ username: 'big', password: 'x'.repeat(200_000) }));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('answers 404 in the error shape for a missing record', async () => {
    const res = await admin.get('/api/users/does-not-exist');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('reports health publicly: database and Docker engine', async () => {
    const res = await new ApiClient(server.url).get<{ status: string; database: { ok: boolean }; docker: { reachable: boolean } }>('/api/health');
    expect(res.status).toBe(200);
    expect(res.body.database.ok).toBe(true);
    expect(typeof res.body.docker.reachable).toBe('boolean');
  });

  it('publishes an OpenAPI document covering the routes, and the docs page', async () => {
    const spec = await new ApiClient(server.url).get<{ openapi: string; paths: Record<string, Record<string, unknown>> }>('/api/openapi.json');
    expect(spec.body.openapi).toBe('3.1.0');
    for (const path of ['/api/auth/token', '/api/users', '/api/users/{id}', '/api/tokens', '/api/settings', '/api/health']) {
      expect(Object.keys(spec.body.paths)).toContain(path);
    }
    const docs = await fetch(`${server.url}/api/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger-ui-bundle.js');
    expect((await fetch(`${server.url}/api/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
  });
});
