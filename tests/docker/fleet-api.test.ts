import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../helpers/api-client';
import { startLifecycle, waitForCustomer, type Lifecycle } from '../helpers/lifecycle-fixture';
import { STANDIN_IMAGES } from '../helpers/standin-images';

/**
 * The fleet routes over HTTP on the built appliance with two deployed stand-in tenants: who may
 * call them, 422 naming the field for bad plans, pins set and cleared, one plan at a time (409),
 * a layout-migration plan started, aborted and followed over SSE.
 */
let env: Lifecycle;
let operator: ApiClient;
let readOnly: ApiClient;
let repoDir = '';
const ids: string[] = [];
const subs: string[] = [];

interface ErrorBody {
  error: { code: string; details?: { fields?: { path: string }[] } };
}
interface Plan {
  id: string;
  kind: string;
  state: string;
  waves: { wave: number; tenants: { customer_id: string; state: string }[] }[];
}

const IMAGES = {
  management: STANDIN_IMAGES.netbird_management_image,
  signal: STANDIN_IMAGES.netbird_signal_image,
  relay: STANDIN_IMAGES.netbird_relay_image,
  dashboard: STANDIN_IMAGES.netbird_dashboard_image,
  caddy: STANDIN_IMAGES.caddy_image,
};

async function fieldsOf(client: ApiClient, body: Record<string, unknown>): Promise<{ status: number; code: string; fields: string[] }> {
  const res = await client.post<ErrorBody>('/api/upgrades', body);
  return { status: res.status, code: res.body.error?.code, fields: (res.body.error?.details?.fields ?? []).map((f) => f.path).sort() };
}

beforeAll(async () => {
  env = await startLifecycle();
  repoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbmsp-fleet-api-'));
  expect((await env.admin.put('/api/settings/backups', { repository_type: 'local', local_path: repoDir })).status).toBe(200);
  expect((await env.admin.post('/api/users', { username: 'fleetop', password: 'operator-password', role: 'operator' })).status).toBe(201);
  operator = await new ApiClient(env.server.url).login('fleetop', 'operator-password');
  const token = await env.admin.post<{ token: string }>('/api/tokens', { name: 'fleet-read-only', scopes: ['customers:read'] });
  readOnly = new ApiClient(env.server.url, token.body.token);
  for (const prefix of ['fl-a', 'fl-b']) {
    const sub = env.unique(prefix);
    const res = await env.admin.post<{ customer: { id: string } }>('/api/customers', { name: sub, subdomain: sub, email: `it@${sub}.example`, max_devices: 5 });
    expect(res.status).toBe(201);
    ids.push(res.body.customer.id);
    subs.push(sub);
  }
  const settled = (id: string) => waitForCustomer(env.admin, id, (x) => (x.status === 'active' || x.status === 'error') && !x.active_job, 150_000);
  for (const id of ids) {
    let c = await settled(id);
    // The engine is shared and busy: a deploy it did not answer in time is run once more (a deploy is idempotent).
    if (c.status === 'error' && /did not answer|TIMEOUT/i.test(c.status_reason ?? '')) {
      expect((await env.admin.post(`/api/customers/${id}/deploy`)).status).toBe(202);
      c = await settled(id);
    }
    expect({ status: c.status, reason: c.status_reason }).toEqual({ status: 'active', reason: null });
  }
}, 300_000);

afterAll(async () => {
  await env?.cleanup();
  if (repoDir) fs.rmSync(repoDir, { recursive: true, force: true });
});

describe('fleet routes', () => {
  it('401 without credentials, 403 without settings:write (operator role, a token scoped to customers:read)', async () => {
    const anonymous = new ApiClient(env.server.url);
    expect((await anonymous.get('/api/upgrades')).status).toBe(401);
    expect((await anonymous.get('/api/upgrades/inventory')).status).toBe(401);
    expect((await anonymous.post('/api/upgrades', { dry_run: true })).status).toBe(401);
    expect((await anonymous.put(`/api/customers/${ids[0]}/pin`, { images: IMAGES })).status).toBe(401);
    for (const client of [operator, readOnly]) {
      expect((await client.post('/api/upgrades', { dry_run: true })).status).toBe(403);
      expect((await client.put(`/api/customers/${ids[0]}/pin`, { images: IMAGES })).status).toBe(403);
      expect((await client.delete(`/api/customers/${ids[0]}/pin`)).status).toBe(403);
      expect((await client.post('/api/upgrades/some-plan', { action: 'abort' })).status).toBe(403);
    }
    // Reading is customers:read, which both have.
    expect((await readOnly.get('/api/upgrades/inventory')).status).toBe(200);
    expect((await operator.get('/api/upgrades')).status).toBe(200);
  });

  it('bad plans are 422 naming the field, and nothing is written', async () => {
    expect(await fieldsOf(env.admin, { customer_ids: [] })).toMatchObject({ status: 422, fields: ['customer_ids'] });
    expect(await fieldsOf(env.admin, { wave_size: 0, dry_run: true })).toMatchObject({ status: 422, fields: ['wave_size'] });
    expect(await fieldsOf(env.admin, { customer_ids: ['no-such-customer'] })).toMatchObject({ status: 422, fields: ['customer_ids'] });
    expect(await fieldsOf(env.admin, { host_ids: ['no-such-host'] })).toMatchObject({ status: 422, fields: ['host_ids'] });
    expect(await fieldsOf(env.admin, { host_labels: ['no-such-label'] })).toMatchObject({ status: 422, fields: ['host_labels'] });
    expect(await fieldsOf(env.admin, { images: { ...IMAGES, management: 'netbird-msp-standin/management:no-such-tag' }, dry_run: true })).toMatchObject({ status: 422, fields: ['images.management'] });
    expect(await fieldsOf(env.admin, { kind: 'migrate', images: IMAGES })).toMatchObject({ status: 422, fields: ['images'] });
    expect(await fieldsOf(env.admin, { kind: 'sideways' })).toMatchObject({ status: 422, fields: ['kind'] });
    // A selection with no tenant in it: refused, naming the filter that emptied it.
    expect(await fieldsOf(env.admin, { subdomain_prefix: 'zz-nobody' })).toMatchObject({ status: 422, code: 'UPGRADE_PLAN_EMPTY', fields: ['subdomain_prefix'] });
    // Every tenant already runs the fleet default: an upgrade has nothing to do.
    expect(await fieldsOf(env.admin, { customer_ids: ids })).toMatchObject({ status: 422, code: 'UPGRADE_PLAN_EMPTY', fields: ['customer_ids'] });
    expect((await env.admin.get<{ items: unknown[] }>('/api/upgrades')).body.items).toEqual([]);
  });

  it('pins are set and cleared through the API, and a pinned tenant is left out of plans', async () => {
    const bad = await env.admin.put<ErrorBody>(`/api/customers/${ids[0]}/pin`, { images: { ...IMAGES, relay: 'not an image' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details?.fields?.map((f) => f.path)).toEqual(['images.relay']);
    expect((await env.admin.put('/api/customers/no-such-customer/pin', { images: IMAGES })).status).toBe(404);

    const set = await env.admin.put<{ images: unknown }>(`/api/customers/${ids[0]}/pin`, { images: IMAGES, note: 'change window on Friday' });
    expect(set.status).toBe(200);
    expect((await env.admin.get<{ images: unknown; note: string }>(`/api/customers/${ids[0]}/pin`)).body).toMatchObject({ images: IMAGES, note: 'change window on Friday' });
    const inventory = await env.admin.get<{ tenants: { customer_id: string; pinned: unknown; layout: string; host_id: string }[]; hosts: { id: string }[] }>('/api/upgrades/inventory');
    expect(inventory.body.tenants.find((t) => t.customer_id === ids[0])).toMatchObject({ pinned: IMAGES, layout: 'classic', host_id: 'local' });
    expect(inventory.body.hosts.map((h) => h.id)).toContain('local');
    const dry = await env.admin.post<{ kind: string; waves: { tenants: { customer_id: string }[] }[]; excluded: { customer_id: string; reason: string }[] }>('/api/upgrades', { kind: 'migrate', host_ids: ['local'], dry_run: true });
    expect(dry.status).toBe(200);
    expect(dry.body.excluded).toEqual([expect.objectContaining({ customer_id: ids[0], reason: 'pinned' })]);
    expect(dry.body.waves.flatMap((w) => w.tenants.map((t) => t.customer_id))).toEqual([ids[1]]);

    expect((await env.admin.delete(`/api/customers/${ids[0]}/pin`)).status).toBe(200);
    expect((await env.admin.get<{ images: unknown }>(`/api/customers/${ids[0]}/pin`)).body.images).toBeNull();
    const audit = await env.admin.get<{ items: { action: string }[] }>('/api/audit');
    expect(audit.body.items.map((e) => e.action)).toEqual(expect.arrayContaining(['customer.pin', 'customer.unpin']));
  });

  it('one plan at a time (409); a migration plan is aborted after its canary and its stream ends with done', async () => {
    const input = { kind: 'migrate', customer_ids: ids, canary: 1, wave_size: 1, parallel: 1, soak_seconds: 3600, failure_budget: 1 };
    const started = await env.admin.post<Plan>('/api/upgrades', input);
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ kind: 'migrate', state: 'running' });
    const second = await env.admin.post<ErrorBody>('/api/upgrades', input);
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('UPGRADE_PLAN_STATE');
    // A dry run is only a look: allowed while a plan runs.
    expect((await env.admin.post('/api/upgrades', { ...input, dry_run: true })).status).toBe(200);

    // The canary moves, then the plan soaks: abort it there.
    const planPath = `/api/upgrades/${started.body.id}`;
    const deadline = Date.now() + 180_000;
    let plan = started.body;
    while (plan.waves[0].tenants[0].state !== 'succeeded') {
      if (Date.now() > deadline || ['failed', 'rolled_back'].includes(plan.waves[0].tenants[0].state)) throw new Error(`canary: ${JSON.stringify(plan)}`);
      await new Promise((r) => setTimeout(r, 500));
      plan = (await env.admin.get<Plan>(planPath)).body;
    }
    const aborted = await env.admin.post<Plan>(planPath, { action: 'abort' });
    expect(aborted.status).toBe(200);
    expect(aborted.body.state).toBe('aborted');
    expect(aborted.body.waves[1].tenants[0].state).toBe('skipped');
    expect((await env.admin.post<ErrorBody>(planPath, { action: 'resume' })).status).toBe(409);
    const inventory = await env.admin.get<{ tenants: { customer_id: string; layout: string }[] }>('/api/upgrades/inventory');
    expect(ids.map((id) => inventory.body.tenants.find((t) => t.customer_id === id)?.layout)).toEqual(['combined', 'classic']);

    const stream = await fetch(`${env.server.url}${planPath}/events`, { headers: { Authorization: `Bearer ${env.admin.token}` }, signal: AbortSignal.timeout(10_000) });
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    const text = await stream.text();
    expect(text).toMatch(/event: plan\n/);
    expect(text).toMatch(/event: done\ndata: \{"id":"/);
    expect((await env.admin.get(`/api/upgrades/no-such-plan/events`)).status).toBe(404);
  }, 300_000);
});
