import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../helpers/api-client';
import { ensureTestHost } from '../helpers/test-host';
import { startLifecycle, waitForCustomer, type CustomerBody, type Lifecycle } from '../helpers/lifecycle-fixture';
import { tlsMaterial } from '../helpers/tls-material';

/**
 * Moving a tenant and draining a host over HTTP: admins only (401/403), 422 naming the field,
 * 409 for the current host, a target that takes no tenants and a job already running, and
 * nothing written on a refusal (no move, no job, the host's state unchanged).
 */
let env: Lifecycle;
let operator: ApiClient;
let customerId: string;
let targetId: string;


type ErrorBody = { error: { code: string; message: string; details?: { fields?: { path: string }[] } } };

beforeAll(async () => {
  env = await startLifecycle();
  await env.admin.post('/api/users', { username: 'moveop', password: 'operator-password', role: 'operator' });
  operator = await new ApiClient(env.server.url).login('moveop', 'operator-password');
  const created = await env.admin.post<{ customer: CustomerBody }>('/api/customers?wait=true', { name: 'Mover', subdomain: env.unique('mv-api'), email: 'it@mover.example', max_devices: 5 });
  customerId = created.body.customer.id;
  // `?wait` gives up before a deploy on a loaded machine does: wait for the tenant itself.
  await waitForCustomer(env.admin, customerId, (c) => c.status === 'active' && !c.active_job, 240_000);
  // The real test host as the ready target: the appliance's reachability probe keeps it ready.
  const th = await ensureTestHost();
  const host = await env.admin.post<{ id: string }>('/api/hosts', { name: 'mv-target', endpoint: th.tcp, tls_ca: th.ca, tls_cert: th.cert, tls_key: th.key, public_address: th.address });
  targetId = host.body.id;
}, 300_000);
afterAll(() => env?.cleanup());

async function noMoveRecorded(): Promise<void> {
  const status = await env.admin.get<{ host_id: string; move: unknown }>(`/api/customers/${customerId}/move`);
  expect(status.body).toEqual({ host_id: 'local', move: null });
}

describe('POST /api/customers/{id}/move', () => {
  it('is for admins: 401 anonymous, 403 operator', async () => {
    expect((await new ApiClient(env.server.url).post(`/api/customers/${customerId}/move`, { host_id: targetId })).status).toBe(401);
    expect((await operator.post(`/api/customers/${customerId}/move`, { host_id: targetId })).status).toBe(403);
    expect((await operator.get(`/api/customers/${customerId}/move`)).status).toBe(200);
    await noMoveRecorded();
  });

  it('answers a missing or unknown host with 422 on host_id', async () => {
    for (const body of [{}, { host_id: 'no-such-host' }, { host_id: targetId, extra: 1 }]) {
      const res = await env.admin.post<ErrorBody>(`/api/customers/${customerId}/move`, body);
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      if (!('extra' in body)) expect(res.body.error.details?.fields?.map((f) => f.path)).toEqual(['host_id']);
    }
    await noMoveRecorded();
  });

  it('refuses the current host and a cordoned or draining target with 409', async () => {
    const same = await env.admin.post<ErrorBody>(`/api/customers/${customerId}/move`, { host_id: 'local' });
    expect(same.status).toBe(409);
    expect(same.body.error.message).toMatch(/already runs on "local"/);
    for (const state of ['cordoned', 'draining'] as const) {
      await env.admin.put(`/api/hosts/${targetId}`, { state });
      const res = await env.admin.post<ErrorBody>(`/api/customers/${customerId}/move`, { host_id: targetId });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('HOST_NOT_READY');
    }
    await env.admin.put(`/api/hosts/${targetId}`, { state: 'ready' });
    await noMoveRecorded();
  });

  it('refuses an unreachable target (its last contact failed) with 409', async () => {
    const dead = await env.admin.post<{ id: string }>('/api/hosts', { name: 'mv-dead', endpoint: 'tcp://10.250.0.2:1', tls_ca: tlsMaterial().ca, tls_cert: tlsMaterial().cert, tls_key: tlsMaterial().key, public_address: '10.250.0.2' });
    await env.admin.post(`/api/hosts/${dead.body.id}/test`, {});
    expect((await env.admin.get<{ state: string }>(`/api/hosts/${dead.body.id}`)).body.state).toBe('unreachable');
    const res = await env.admin.post<ErrorBody>(`/api/customers/${customerId}/move`, { host_id: dead.body.id });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('HOST_NOT_READY');
    await env.admin.request('DELETE', `/api/hosts/${dead.body.id}`);
    await noMoveRecorded();
  });

  it('refuses to move a combined tenant to a host with its own public address (409, host_id)', async () => {
    // NetBird's combined server announces STUN only at the tenant's domain; the target's public
    // address could not be announced. The layout column is set directly: no second deploy needed.
    const setLayout = (layout: string) => {
      const sqlite = new Database(env.server.env.DATABASE_PATH);
      try {
        sqlite.prepare('UPDATE Customer SET layout = ? WHERE id = ?').run(layout, customerId);
      } finally {
        sqlite.close();
      }
    };
    setLayout('combined');
    try {
      const res = await env.admin.post<ErrorBody>(`/api/customers/${customerId}/move`, { host_id: targetId });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(/announces STUN only at its domain/);
      expect(res.body.error.details).toEqual({ field: 'host_id' });
    } finally {
      setLayout('classic');
    }
    await noMoveRecorded();
  });

  it('refuses while another job runs for the customer (409 JOB_RUNNING)', async () => {
    const restart = await env.admin.post<{ job: { id: string } }>(`/api/customers/${customerId}/restart`, {});
    expect(restart.status).toBe(202);
    const res = await env.admin.post<ErrorBody>(`/api/customers/${customerId}/move`, { host_id: targetId });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('JOB_RUNNING');
    await noMoveRecorded();
  });
});

describe('DELETE /api/hosts/{id} during a move or drain', () => {
  it('refuses with 409 HOST_BUSY while a queued or running move or a running drain touches the host, and removes it after', async () => {
    const busy = await env.admin.post<{ id: string }>('/api/hosts', { name: 'mv-busy', endpoint: 'tcp://10.250.0.2:1', tls_ca: tlsMaterial().ca, tls_cert: tlsMaterial().cert, tls_key: tlsMaterial().key, public_address: '10.250.0.2' });
    const hostId = busy.body.id;
    // Rows as a move or drain under way writes them; no engine is needed to hold the host.
    const sql = (text: string, ...args: unknown[]) => {
      const sqlite = new Database(env.server.env.DATABASE_PATH);
      try {
        sqlite.prepare(text).run(...args);
      } finally {
        sqlite.close();
      }
    };
    const rows = [
      ['mv-q', 'queued', 'local', hostId],
      ['mv-r', 'running', hostId, 'local'],
    ] as const;
    for (const [id, state, from, to] of rows) {
      sql('INSERT INTO TenantMove (id, jobId, customerId, fromHostId, toHostId, fromDashboardPort, fromRelayPort, state) VALUES (?, ?, ?, ?, ?, 1, 1, ?)', id, `job-${id}`, 'someone-else', from, to, state);
      const res = await env.admin.request<ErrorBody>('DELETE', `/api/hosts/${hostId}`);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('HOST_BUSY');
      expect(res.body.error.message).toMatch(/move\(s\)/);
      sql("UPDATE TenantMove SET state = 'succeeded' WHERE id = ?", id);
    }
    sql("INSERT INTO HostDrain (id, hostId, parallel, total, state) VALUES ('dr-1', ?, 2, 0, 'running')", hostId);
    const drained = await env.admin.request<ErrorBody>('DELETE', `/api/hosts/${hostId}`);
    expect(drained.status).toBe(409);
    expect(drained.body.error.code).toBe('HOST_BUSY');
    expect((await env.admin.get(`/api/hosts/${hostId}`)).status).toBe(200);
    sql("UPDATE HostDrain SET state = 'done' WHERE id = 'dr-1'");
    expect((await env.admin.request('DELETE', `/api/hosts/${hostId}`)).status).toBeLessThan(300);
    expect((await env.admin.get(`/api/hosts/${hostId}`)).status).toBe(404);
  });
});

describe('POST /api/hosts/{id}/drain', () => {
  it('is for admins, 404 for an unknown host, 422 for a bad parallel', async () => {
    expect((await new ApiClient(env.server.url).post(`/api/hosts/${targetId}/drain`, {})).status).toBe(401);
    expect((await operator.post(`/api/hosts/${targetId}/drain`, {})).status).toBe(403);
    expect((await env.admin.post('/api/hosts/nope/drain', {})).status).toBe(404);
    const bad = await env.admin.post<ErrorBody>(`/api/hosts/${targetId}/drain`, { parallel: 0 });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details?.fields?.map((f) => f.path)).toEqual(['parallel']);
    expect((await env.admin.get<{ drain: unknown }>(`/api/hosts/${targetId}/drain`)).body).toEqual({ drain: null });
  });

  it('refuses to drain the only host that takes tenants (409) and changes nothing', async () => {
    await env.admin.put(`/api/hosts/${targetId}`, { state: 'cordoned' });
    const res = await env.admin.post<ErrorBody>('/api/hosts/local/drain', { parallel: 2 });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('HOST_NOT_READY');
    expect((await env.admin.get<{ set_state: string }>('/api/hosts/local')).body.set_state).toBe('ready');
    expect((await env.admin.get<{ drain: unknown }>('/api/hosts/local/drain')).body).toEqual({ drain: null });
    await env.admin.put(`/api/hosts/${targetId}`, { state: 'ready' });
  });

  it('drains an empty host at once: draining, then done', async () => {
    const res = await env.admin.post<{ state: string; total: number }>(`/api/hosts/${targetId}/drain`, {});
    expect(res.status).toBe(202);
    expect(res.body.total).toBe(0);
    expect((await env.admin.get<{ set_state: string }>(`/api/hosts/${targetId}`)).body.set_state).toBe('draining');
    const deadline = Date.now() + 20_000;
    let state = res.body.state;
    while (state === 'running' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      state = (await env.admin.get<{ drain: { state: string } }>(`/api/hosts/${targetId}/drain`)).body.drain.state;
    }
    expect(state).toBe('done');
  });

  it('documents the operations', async () => {
    const spec = await new ApiClient(env.server.url).get<{ paths: Record<string, unknown> }>('/api/openapi.json');
    expect(Object.keys(spec.body.paths)).toEqual(expect.arrayContaining(['/api/customers/{id}/move', '/api/hosts/{id}/drain']));
  });
});
