import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLifecycle, waitForCustomer, type CustomerBody, type Lifecycle } from '../helpers/lifecycle-fixture';

let env: Lifecycle;

beforeAll(async () => {
  env = await startLifecycle();
});
afterAll(() => env?.cleanup());

interface JobBody {
  id: string;
  kind: string;
  state: string;
  steps: { name: string; state: string; message: string | null }[];
}

describe('create → active, end to end', () => {
  let customer: CustomerBody;
  let sub: string;

  it('the documented curl example answers at once with the customer deploying and its job', async () => {
    sub = env.unique('acme');
    const started = Date.now();
    // Exactly the README's call, with a unique subdomain so test runs never collide.
    const raw = execFileSync('curl', ['-s', '-X', 'POST', `${env.server.url}/api/customers`, '-H', `Authorization: Bearer ${env.admin.token}`, '-H', 'Content-Type: application/json', '-d', `{"name":"Acme Corp","subdomain":"${sub}","email":"admin@acme.com","max_devices":20}`], { encoding: 'utf8' });
    const body = JSON.parse(raw) as { customer: CustomerBody; job: JobBody };
    expect(Date.now() - started).toBeLessThan(3000);
    expect(body.customer.status).toBe('deploying');
    expect(body.job.kind).toBe('deploy');
    expect(body.job.steps.map((s) => s.name)).toContain('proxy');
    customer = body.customer;
  });

  it('reaches active with five running containers, an owner and an NPM proxy host', async () => {
    const active = await waitForCustomer(env.admin, customer.id, (c) => c.status === 'active' || c.status === 'error', 90_000);
    expect(active.status_reason).toBeNull();
    expect(active.status).toBe('active');
    expect(active.containers).toMatchObject({ total: 5, running: 5 });
    expect(active.dashboard_port).toBeGreaterThanOrEqual(9000);
    const host = env.npm.state.liveHosts().find((h) => h.domain_names.includes(`${sub}.msp.example.com`));
    expect(host).toBeDefined();
    expect(host?.certificate_id).toBeGreaterThan(0);
    expect(host?.http2_support).toBe(true);
    expect(host?.meta.nginx_online).toBe(true);
    expect(String(host?.advanced_config)).toContain('grpc_pass');
  });

  it('is reachable through its Caddy port: dashboard at / and management at /api/instance', async () => {
    const c = (await env.admin.get<CustomerBody>(`/api/customers/${customer.id}`)).body;
    const root = await fetch(`http://127.0.0.1:${c.dashboard_port}/`);
    expect(root.status).toBe(200);
    const instance = await fetch(`http://127.0.0.1:${c.dashboard_port}/api/instance`);
    expect(await instance.json()).toEqual({ setup_required: false });
  });

  it('shows every step of the job as succeeded, with the owner created', async () => {
    const jobs = await env.admin.get<{ items: JobBody[] }>(`/api/customers/${customer.id}/jobs`);
    const deploy = jobs.body.items[0];
    expect(deploy.state).toBe('succeeded');
    expect(deploy.steps.every((s) => s.state === 'succeeded')).toBe(true);
    expect(deploy.steps.find((s) => s.name === 'owner')?.message).toContain('admin@acme.com');
  });

  it('credentials: admin reads them (audited); the password logs in to the tenant', async () => {
    const res = await env.admin.get<{ email: string; password: string; setup_url: string }>(`/api/customers/${customer.id}/credentials`);
    expect(res.status).toBe(200);
    expect(res.body.email).toBe('admin@acme.com');
    expect(res.body.password.length).toBeGreaterThanOrEqual(16);
    expect(res.body.setup_url).toBe(`https://${sub}.msp.example.com/setup`);
    const list = await env.admin.get(`/api/customers?search=${sub}`);
    expect(JSON.stringify(list.body)).not.toContain(res.body.password);
  });

  it('health reports each container with state, health, restarts and since', async () => {
    const res = await env.admin.get<{ healthy: boolean; containers: { service: string; healthy: boolean; restarts: number; since: string }[] }>(`/api/customers/${customer.id}/health`);
    expect(res.status).toBe(200);
    expect(res.body.healthy).toBe(true);
    expect(res.body.containers.map((c) => c.service).sort()).toEqual(['caddy', 'dashboard', 'management', 'relay', 'signal']);
    expect(res.body.containers.every((c) => c.restarts === 0 && Date.parse(c.since) > 0)).toBe(true);
  });

  it('logs return lines, and a follow stream delivers a new line', async () => {
    const res = await env.admin.get<{ lines: { text: string }[] }>(`/api/customers/${customer.id}/logs?service=management&tail=50`);
    expect(res.status).toBe(200);
    expect(res.body.lines.length).toBeGreaterThan(0);
    const controller = new AbortController();
    const follow = await fetch(`${env.server.url}/api/customers/${customer.id}/logs?service=management&tail=1&follow=true`, {
      headers: { Authorization: `Bearer ${env.admin.token}` },
      signal: controller.signal,
    });
    expect(follow.headers.get('content-type')).toContain('ndjson');
    const reader = (follow.body as ReadableStream<Uint8Array>).getReader();
    const marker = `/api/instance?probe=${Date.now()}`;
    const c = (await env.admin.get<CustomerBody>(`/api/customers/${customer.id}`)).body;
    await fetch(`http://127.0.0.1:${c.dashboard_port}${marker}`);
    let seen = '';
    const deadline = Date.now() + 10_000;
    while (!seen.includes('probe=') && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(seen).toContain('probe=');
  });

  it('shows the tenant peer count beside max_devices, refreshed in the background', async () => {
    const dir = path.join(env.server.env.DATA_DIR, sub, 'data', 'management');
    const peer = (id: string, connected: boolean) => ({ id, name: id, connected, last_seen: new Date().toISOString(), os: 'linux', version: '0.77.1' });
    fs.writeFileSync(path.join(dir, 'standin-peers.json'), JSON.stringify([peer('a', true), peer('b', true), peer('c', false)]));
    expect((await env.admin.post(`/api/customers/${customer.id}/restart`)).status).toBe(202);
    const c = await waitForCustomer(env.admin, customer.id, (x) => x.peers.total === 3 && !x.active_job, 30_000);
    expect(c.peers).toMatchObject({ total: 3, connected: 2 });
  });

  it('stop → inactive, start → active', async () => {
    expect((await env.admin.post(`/api/customers/${customer.id}/stop`)).status).toBe(202);
    const stopped = await waitForCustomer(env.admin, customer.id, (c) => c.status === 'inactive' && !c.active_job);
    expect(stopped.containers.running).toBe(0);
    expect((await env.admin.post(`/api/customers/${customer.id}/start`)).status).toBe(202);
    const started = await waitForCustomer(env.admin, customer.id, (c) => c.status === 'active' && !c.active_job);
    expect(started.containers.running).toBe(5);
  });

  it('a container killed by hand flips the status to error within seconds, and back when started', async () => {
    const before = Date.now();
    execFileSync('docker', ['kill', `netbird-${sub}-signal`]);
    const broken = await waitForCustomer(env.admin, customer.id, (c) => c.status === 'error', 10_000);
    expect(Date.now() - before).toBeLessThan(5_000);
    expect(broken.status_reason).toContain('signal');
    execFileSync('docker', ['start', `netbird-${sub}-signal`]);
    await waitForCustomer(env.admin, customer.id, (c) => c.status === 'active', 10_000);
  });

  it('restart keeps it active; a second operation while one runs is 409 naming the job', async () => {
    const first = await env.admin.post<{ job: JobBody }>(`/api/customers/${customer.id}/restart`);
    expect(first.status).toBe(202);
    const second = await env.admin.post<{ error: { code: string; message: string } }>(`/api/customers/${customer.id}/stop`);
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('JOB_RUNNING');
    expect(second.body.error.message).toContain(first.body.job.id);
    await waitForCustomer(env.admin, customer.id, (c) => c.status === 'active' && !c.active_job);
  });

  it('the events stream shows the running job and ends with done', async () => {
    const job = await env.admin.post<{ job: JobBody }>(`/api/customers/${customer.id}/restart`);
    const res = await fetch(`${env.server.url}/api/customers/${customer.id}/events`, { headers: { Authorization: `Bearer ${env.admin.token}` } });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const text = await res.text();
    expect(text).toContain('event: job');
    expect(text).toMatch(/event: done\ndata: .*"state":"succeeded"/);
    expect(text).toContain(job.body.job.id);
    await waitForCustomer(env.admin, customer.id, (c) => c.status === 'active' && !c.active_job);
  });

  it('redeploy keeps ports, key and data; delete removes containers, network, host, certificate and directory', async () => {
    const before = (await env.admin.get<CustomerBody>(`/api/customers/${customer.id}`)).body;
    const dir = path.join(env.server.env.DATA_DIR, sub);
    const key = JSON.parse(fs.readFileSync(path.join(dir, 'management.json'), 'utf8')).DataStoreEncryptionKey as string;
    fs.writeFileSync(path.join(dir, 'data', 'management', 'marker.txt'), 'keep me');
    const redeploy = await env.admin.post<{ job: JobBody }>(`/api/customers/${customer.id}/deploy`);
    expect(redeploy.body.job.kind).toBe('redeploy');
    const after = await waitForCustomer(env.admin, customer.id, (c) => c.status === 'active' && !c.active_job, 90_000);
    expect([after.dashboard_port, after.relay_udp_port]).toEqual([before.dashboard_port, before.relay_udp_port]);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'management.json'), 'utf8')).DataStoreEncryptionKey).toBe(key);
    expect(fs.readFileSync(path.join(dir, 'data', 'management', 'marker.txt'), 'utf8')).toBe('keep me');

    expect((await env.admin.delete(`/api/customers/${customer.id}`)).status).toBe(202);
    const deadline = Date.now() + 30_000;
    while ((await env.admin.get(`/api/customers/${customer.id}`)).status !== 404 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect((await env.admin.get(`/api/customers/${customer.id}`)).status).toBe(404);
    expect(execFileSync('docker', ['ps', '-aq', '--filter', `label=netbird-msp.customer=${customer.id}`], { encoding: 'utf8' }).trim()).toBe('');
    expect(execFileSync('docker', ['network', 'ls', '-q', '--filter', `name=^netbird-${sub}$`], { encoding: 'utf8' }).trim()).toBe('');
    expect(env.npm.state.liveHosts().some((h) => h.domain_names.includes(`${sub}.msp.example.com`))).toBe(false);
    expect(env.npm.state.liveCertificates().some((c) => c.domain_names.includes(`${sub}.msp.example.com`))).toBe(false);
    expect(fs.existsSync(dir)).toBe(false);
  });
});
