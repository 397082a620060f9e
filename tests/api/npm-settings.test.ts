import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeNpm, type FakeNpm } from '../fakes/fake-npm';
import { ApiClient } from '../helpers/api-client';
import { ADMIN_PASSWORD, startAppServer, type AppServer } from '../helpers/app-server';

interface AuditPage { items: { action: string; target: string | null; success: boolean }[] }
type ErrorBody = { error: { code: string; details?: { fields?: { path: string }[] } } };

const NPM = { email: 'automation@example.com', password: 'Saved-NPM-Passw0rd!' };

let server: AppServer;
let admin: ApiClient;
let operator: ApiClient;
let npm: FakeNpm;
let attacker: FakeNpm;

beforeAll(async () => {
  npm = await startFakeNpm(NPM);
  // Would accept the saved credentials, so it would learn them if they were sent.
  attacker = await startFakeNpm(NPM);
  server = await startAppServer();
  admin = await new ApiClient(server.url).login('admin', ADMIN_PASSWORD);
  expect((await admin.put('/api/settings', { base_domain: 'msp.example.com', npm_api_url: npm.url, npm_api_email: NPM.email, npm_api_password: NPM.password })).status).toBe(200);
  expect((await admin.post('/api/users', { username: 'npm-ops', password: 'a-long-password-for-tests', role: 'operator' })).status).toBe(201);
  operator = await new ApiClient(server.url).login('npm-ops', 'a-long-password-for-tests');
});

afterAll(async () => {
  await server?.stop();
  await npm?.stop();
  await attacker?.stop();
});

/** Issue 14 finding 1: the stored NPM password goes only to the stored NPM URL, and never because of a link. */
describe('NPM probes from the Settings page', () => {
  it('a GET naming another NPM is not served (no GET at all), and that server hears nothing', async () => {
    const res = await admin.get(`/api/settings/npm-certificates?npm_api_url=${encodeURIComponent(attacker.url)}&npm_api_email=${NPM.email}`);
    expect(res.status).toBe(405);
    expect(attacker.state.requests).toEqual([]);
  });

  it('a POST naming another NPM without a password is 422 on npm_api_password, audited, and that server hears nothing', async () => {
    for (const path of ['/api/settings/npm-certificates', '/api/settings/test-npm']) {
      const res = await admin.post<ErrorBody>(path, { npm_api_url: attacker.url, npm_api_email: NPM.email });
      expect(res.status, path).toBe(422);
      expect(res.body.error.details?.fields?.map((f) => f.path)).toContain('npm_api_password');
    }
    expect(attacker.state.requests).toEqual([]);
    const audit = await admin.get<AuditPage>('/api/audit?action=settings.npm_certificates');
    expect(audit.body.items[0]).toMatchObject({ target: `npm:${new URL(attacker.url).protocol}//${new URL(attacker.url).host}`, success: false });
  });

  it('the saved NPM works with the saved password, and each probe is audited', async () => {
    const test = await admin.post<{ ok: boolean }>('/api/settings/test-npm', {});
    expect(test.status).toBe(200);
    expect(test.body.ok).toBe(true);
    const certs = await admin.post<{ items: unknown[] }>('/api/settings/npm-certificates', { npm_api_url: npm.url });
    expect(certs.status).toBe(200);
    const audit = await admin.get<AuditPage>('/api/audit?action=settings.npm_test');
    expect(audit.body.items[0]).toMatchObject({ action: 'settings.npm_test', success: true });
  });
});

/** Issue 14 finding 2: adopting a hand-made NPM host is explicit and admin-only. */
describe('POST /api/customers/{id}/proxy-host/adopt', () => {
  it('is for admins only: 403 for an operator, 404 for an unknown customer, 422 without a host id', async () => {
    expect((await operator.post('/api/customers/nope/proxy-host/adopt', { host_id: 1 })).status).toBe(403);
    expect((await admin.post('/api/customers/nope/proxy-host/adopt', { host_id: 1 })).status).toBe(404);
    expect((await admin.post('/api/customers/nope/proxy-host/adopt', {})).status).toBe(422);
  });
});
