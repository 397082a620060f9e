import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLifecycle, waitForCustomer, type CustomerBody, type Lifecycle } from '../helpers/lifecycle-fixture';

// Issue 14, finding 5: where a tenant's files live is recorded per deployment; a later data_dir
// change must neither orphan them, nor leave NetBird's setup open, nor delete someone else's files.
let env: Lifecycle;
let other: string;

interface JobBody {
  kind: string;
  state: string;
  steps: { name: string; state: string; message: string | null }[];
}

beforeAll(async () => {
  env = await startLifecycle();
  other = fs.mkdtempSync(path.join(os.tmpdir(), 'nbmsp-other-root-'));
});
afterAll(async () => {
  await env?.cleanup();
  fs.rmSync(other, { recursive: true, force: true });
});

async function lastJob(id: string): Promise<JobBody> {
  return (await env.admin.get<{ items: JobBody[] }>(`/api/customers/${id}/jobs`)).body.items[0];
}

async function deployAndWait(id: string): Promise<CustomerBody> {
  expect((await env.admin.post(`/api/customers/${id}/deploy`)).status).toBe(202);
  return waitForCustomer(env.admin, id, (c) => !c.active_job && (c.status === 'active' || c.status === 'error'), 120_000);
}

describe('data_dir changes after a deploy', () => {
  let customer: CustomerBody;
  let sub: string;
  let originalDir: string;

  it('deploys into the data directory in force at the time', async () => {
    sub = env.unique('secdd');
    const res = await env.admin.post<{ customer: CustomerBody }>('/api/customers?wait=true', { name: 'Data Dir', subdomain: sub, email: 'dd@example.com', max_devices: 5 });
    expect(res.status).toBe(201);
    customer = await waitForCustomer(env.admin, res.body.customer.id, (c) => !c.active_job && c.status !== 'deploying', 120_000);
    expect(customer.status).toBe('active');
    originalDir = path.join(env.server.env.DATA_DIR, sub);
    expect(fs.existsSync(path.join(originalDir, 'Caddyfile'))).toBe(true);
  });

  it('a redeploy after data_dir changed keeps using the recorded directory and the tenant stays claimed', async () => {
    fs.mkdirSync(path.join(other, sub), { recursive: true });
    fs.writeFileSync(path.join(other, sub, 'keep.txt'), 'not the tenant’s');
    expect((await env.admin.put('/api/settings', { data_dir: other })).status).toBe(200);
    const after = await deployAndWait(customer.id);
    expect(after.status).toBe('active');
    const instance = await fetch(`http://127.0.0.1:${after.dashboard_port}/api/instance`);
    expect(await instance.json()).toEqual({ setup_required: false });
    expect(fs.readdirSync(path.join(other, sub))).toEqual(['keep.txt']);
  });

  it('the owner step fails loudly when NetBird reports its setup open although an owner was recorded', async () => {
    // What a wrong data directory looks like to NetBird: no owner in its store.
    fs.rmSync(path.join(originalDir, 'data', 'management', 'standin-owner.json'), { force: true });
    const after = await deployAndWait(customer.id);
    expect(after.status).toBe('error');
    const job = await lastJob(customer.id);
    expect(job.state).toBe('failed');
    const owner = job.steps.find((s) => s.name === 'owner');
    expect(owner?.state).toBe('failed');
    expect(owner?.message).toMatch(/setup/i);
  });

  it('delete removes the recorded directory and nothing under the new data_dir', async () => {
    expect((await env.admin.delete(`/api/customers/${customer.id}`)).status).toBe(202);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && (await env.admin.get(`/api/customers/${customer.id}`)).status !== 404) await new Promise((r) => setTimeout(r, 200));
    expect((await env.admin.get(`/api/customers/${customer.id}`)).status).toBe(404);
    expect(fs.existsSync(path.join(other, sub, 'keep.txt'))).toBe(true);
    expect(fs.existsSync(originalDir)).toBe(false);
  });
});
