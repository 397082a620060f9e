import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../helpers/api-client';
import { ADMIN_PASSWORD, startAppServer } from '../helpers/app-server';
import { startDockerSocketProxy, type DockerSocketProxy } from '../helpers/docker-socket-proxy';
import { removeAllTenantsOf, startLifecycle, waitForCustomer, type CustomerBody, type Lifecycle } from '../helpers/lifecycle-fixture';

interface JobBody {
  id: string;
  state: string;
  error: string | null;
  steps: { name: string; state: string }[];
}

async function waitForStep(api: ApiClient, id: string, step: string, states: string[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const jobs = await api.get<{ items: JobBody[] }>(`/api/customers/${id}/jobs`);
    const current = jobs.body.items?.[0];
    if (current?.steps.some((s) => s.name === step && states.includes(s.state))) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`step ${step} never reached ${states.join('/')}`);
}

describe('the engine goes away during a deploy', () => {
  let proxy: DockerSocketProxy;
  let env: Lifecycle;

  beforeAll(async () => {
    proxy = await startDockerSocketProxy();
    env = await startLifecycle({ DOCKER_HOST: proxy.dockerHost });
  });
  afterAll(async () => {
    await proxy.restore().catch(() => undefined);
    await env?.cleanup();
    await proxy.close();
  });

  it('ends in error naming Docker, keeps the files, and a later redeploy succeeds', async () => {
    const sub = env.unique('enginefail');
    const created = await env.admin.post<{ customer: CustomerBody }>('/api/customers', { name: 'Engine', subdomain: sub, email: 'e@e.example', max_devices: 2 });
    const id = created.body.customer.id;
    await waitForStep(env.admin, id, 'write-files', ['succeeded']);
    await proxy.cut();
    const failed = await waitForCustomer(env.admin, id, (c) => c.status === 'error' && !c.active_job, 60_000);
    expect(failed.status_reason).toMatch(/Docker/i);
    const jobs = await env.admin.get<{ items: JobBody[] }>(`/api/customers/${id}/jobs`);
    expect(jobs.body.items[0].state).toBe('failed');
    expect(jobs.body.items[0].steps.some((s) => s.state === 'failed')).toBe(true);
    const dir = path.join(env.server.env.DATA_DIR, sub);
    const key = JSON.parse(fs.readFileSync(path.join(dir, 'management.json'), 'utf8')).DataStoreEncryptionKey as string;

    // While the engine is away, the list still answers from the last snapshot.
    const started = Date.now();
    expect((await env.admin.get('/api/customers')).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5_000);

    await proxy.restore();
    expect((await env.admin.post(`/api/customers/${id}/deploy`)).status).toBe(202);
    const active = await waitForCustomer(env.admin, id, (c) => c.status === 'active' && !c.active_job, 90_000);
    expect(active.containers.running).toBe(5);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'management.json'), 'utf8')).DataStoreEncryptionKey).toBe(key);
  });
});

describe('the appliance dies in the middle of a deploy', () => {
  it('resumes the job at the next start and the customer becomes active', async () => {
    const env = await startLifecycle();
    try {
      const created = await env.admin.post<{ customer: CustomerBody }>('/api/customers', { name: 'Crash', subdomain: env.unique('crash'), email: 'c@c.example', max_devices: 2 });
      const id = created.body.customer.id;
      await waitForStep(env.admin, id, 'containers', ['running', 'succeeded']);
      await env.server.kill();

      const restarted = await startAppServer({ LOG_LEVEL: 'warn' }, env.server);
      try {
        const admin = await new ApiClient(restarted.url).login('admin', ADMIN_PASSWORD);
        const active = await waitForCustomer(admin, id, (c) => c.status === 'active' && !c.active_job, 90_000);
        expect(active.containers.running).toBe(5);
        const jobs = await admin.get<{ items: JobBody[] }>(`/api/customers/${id}/jobs`);
        expect(jobs.body.items).toHaveLength(1);
        expect(jobs.body.items[0].state).toBe('succeeded');
        expect(restarted.logs()).toContain('interrupted jobs recovered');
      } finally {
        await removeAllTenantsOf(restarted);
        await restarted.stop();
      }
    } finally {
      await env.npm.stop();
    }
  });

  it('an interrupted stop is failed with a clear reason and the status follows Docker', async () => {
    const env = await startLifecycle();
    try {
      const created = await env.admin.post<{ customer: CustomerBody }>('/api/customers?wait=true', { name: 'Halt', subdomain: env.unique('halt'), email: 'h@h.example', max_devices: 2 });
      const id = created.body.customer.id;
      await env.admin.post(`/api/customers/${id}/stop`);
      await waitForStep(env.admin, id, 'stop', ['running', 'succeeded']);
      await env.server.kill();
      const restarted = await startAppServer({ LOG_LEVEL: 'warn' }, env.server);
      try {
        const admin = await new ApiClient(restarted.url).login('admin', ADMIN_PASSWORD);
        const running = () => execFileSync('docker', ['ps', '-q', '--filter', `label=netbird-msp.customer=${id}`], { encoding: 'utf8' }).split('\n').filter(Boolean).length;
        // Whatever happened, the status comes to tell the truth about Docker within seconds.
        const truthful = (c: CustomerBody) => {
          const n = running();
          return !c.active_job && (n === 5 ? c.status === 'active' : n === 0 ? ['inactive', 'error'].includes(c.status) : c.status === 'error');
        };
        const settled = await waitForCustomer(admin, id, truthful, 15_000);
        const jobs = await admin.get<{ items: JobBody[] }>(`/api/customers/${id}/jobs`);
        const stop = jobs.body.items[0];
        // Killed while stopping: the job is failed with the reason (or had finished just before the kill).
        expect(stop.state === 'succeeded' || (stop.state === 'failed' && /restarted/.test(stop.error ?? ''))).toBe(true);
        if (settled.status === 'error') expect(settled.status_reason).toMatch(/exited|missing/);
      } finally {
        await removeAllTenantsOf(restarted);
        await restarted.stop();
      }
    } finally {
      await env.npm.stop();
    }
  });
});
