import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../helpers/api-client';
import { ADMIN_PASSWORD, startAppServer, type AppServer } from '../helpers/app-server';
import { removeAllTenantsOf, startLifecycle, waitForCustomer, waitForJob, type CustomerBody, type JobBody, type Lifecycle } from '../helpers/lifecycle-fixture';

/**
 * The appliance killed in the middle of a backup, and the host lost altogether: a second
 * appliance with an empty database and the same repository brings back the appliance database
 * and two tenants.
 */
interface SnapshotBody {
  snapshot_id: string;
  kind: string;
  state: string;
  subdomain: string | null;
}

let env: Lifecycle;
let repoDir: string;
let password: string;
const tenants: { id: string; sub: string; marker: string; key?: string }[] = [];

function containerState(name: string): string {
  return execFileSync('docker', ['inspect', '-f', '{{.State.Status}}', name], { encoding: 'utf8' }).trim();
}

beforeAll(async () => {
  env = await startLifecycle();
  repoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbmsp-restic-dr-'));
  const put = await env.admin.put<{ password: string }>('/api/settings/backups', { repository_type: 'local', local_path: repoDir });
  password = put.body.password;
  for (const prefix of ['bkdr-a', 'bkdr-b']) {
    const sub = env.unique(prefix);
    const res = await env.admin.post<{ customer: CustomerBody }>('/api/customers', { name: `DR ${prefix}`, subdomain: sub, email: `${prefix}@dr.example`, max_devices: 3 });
    tenants.push({ id: res.body.customer.id, sub, marker: `marker-${crypto.randomBytes(4).toString('hex')}` });
  }
  for (const t of tenants) {
    await waitForCustomer(env.admin, t.id, (c) => c.status === 'active' && !c.active_job, 120_000);
    execFileSync('docker', ['exec', `netbird-${t.sub}-management`, 'sh', '-c', `echo ${t.marker} >> /var/lib/netbird/store.db`]);
    t.key = JSON.parse(fs.readFileSync(path.join(env.server.env.DATA_DIR, t.sub, 'management.json'), 'utf8')).DataStoreEncryptionKey;
  }
});
afterAll(async () => {
  await env?.cleanup();
  fs.rmSync(repoDir, { recursive: true, force: true });
});

describe('the appliance is killed in the middle of a backup', () => {
  it('leaves no tenant paused after the restart, clears the stale lock, and the next backup succeeds', async () => {
    const t = tenants[0];
    // Enough data that the read under pause lasts a moment; the engine's own event says when it starts.
    execFileSync('docker', ['exec', `netbird-${t.sub}-management`, 'sh', '-c', 'head -c 200000000 /dev/urandom > /var/lib/netbird/events.db']);
    const events = spawn('docker', ['events', '--filter', `container=netbird-${t.sub}-management`, '--filter', 'event=pause', '--format', '{{.Status}}']);
    const pausedEvent = new Promise<void>((resolve) => events.stdout.once('data', () => resolve()));
    await new Promise((r) => setTimeout(r, 300));
    const started = await env.admin.post<{ job: JobBody }>(`/api/customers/${t.id}/backups`);
    expect(started.status).toBe(202);
    await Promise.race([pausedEvent, new Promise((_, reject) => setTimeout(() => reject(new Error(`no pause seen:\n${env.server.logs()}`)), 60_000))]);
    await env.server.kill();
    events.kill();
    expect(containerState(`netbird-${t.sub}-management`)).toBe('paused');

    const restarted = await startAppServer({ LOG_LEVEL: 'warn' }, env.server);
    env.server = restarted;
    const admin = await new ApiClient(restarted.url).login('admin', ADMIN_PASSWORD);
    env.admin = admin;
    expect(containerState(`netbird-${t.sub}-management`)).toBe('running');
    const jobs = await admin.get<{ items: JobBody[] }>(`/api/customers/${t.id}/jobs`);
    expect(jobs.body.items.find((j) => j.id === started.body.job.id)?.state).toBe('failed');

    execFileSync('docker', ['exec', `netbird-${t.sub}-management`, 'rm', '/var/lib/netbird/events.db']);
    const next = await admin.post<{ job: JobBody }>(`/api/customers/${t.id}/backups`);
    const job = await waitForJob(admin, t.id, next.body.job.id, 180_000);
    expect(job.error).toBeNull();
    expect(job.state).toBe('succeeded');
    // Retention needs restic's exclusive lock: no stale lock may remain.
    expect(fs.readdirSync(path.join(repoDir, 'locks'))).toEqual([]);
    const c = await waitForCustomer(admin, t.id, (x) => x.status === 'active', 30_000);
    expect(c.containers.running).toBe(5);
  });
});

describe('disaster recovery onto a fresh appliance', () => {
  let second: AppServer;

  it('backs up everything: both tenants and the appliance database', async () => {
    const run = await env.admin.post<{ started: boolean }>('/api/backups');
    expect(run.status).toBe(202);
    const deadline = Date.now() + 180_000;
    let items: SnapshotBody[] = [];
    while (Date.now() < deadline) {
      items = (await env.admin.get<{ items: SnapshotBody[] }>('/api/backups')).body.items;
      const ok = (kind: string, sub?: string) => items.some((s) => s.kind === kind && s.state === 'succeeded' && (!sub || s.subdomain === sub));
      if (ok('appliance') && tenants.every((t) => ok('tenant', t.sub)) && !items.some((s) => s.state === 'running')) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(items.some((s) => s.kind === 'appliance' && s.state === 'succeeded')).toBe(true);
  }, 240_000);

  it('a second appliance with an empty database restores the appliance database and both tenants to active', async () => {
    // The host is lost: its tenants' containers are gone with it.
    await removeAllTenantsOf(env.server);
    second = await startAppServer({ LOG_LEVEL: 'warn' });
    try {
      let admin = await new ApiClient(second.url).login('admin', ADMIN_PASSWORD);
      // Settings refuse a password that does not open the repository there, storing nothing.
      const typo = await admin.put<{ error: { details: { fields: { path: string }[] } } }>('/api/settings/backups', { repository_type: 'local', local_path: repoDir, password: 'wrong-password-123' });
      expect(typo.status).toBe(422);
      expect(typo.body.error.details.fields.map((f) => f.path)).toEqual(['password']);
      expect((await admin.get<{ local_path: string }>('/api/settings/backups')).body.local_path).not.toBe(repoDir);
      expect((await admin.put('/api/settings/backups', { repository_type: 'local', local_path: repoDir })).status).toBe(200);
      const refused = await admin.post<{ error: { code: string } }>('/api/backups/recover', { password: 'wrong-password-123', appliance: true, all_tenants: true });
      expect(refused.status).toBe(502);
      expect(refused.body.error.code).toBe('BACKUP_WRONG_PASSWORD');
      expect((await admin.get<{ total: number }>('/api/customers')).body.total).toBe(0);

      const res = await admin.post<{ appliance: { tables: Record<string, number> }; tenants: { subdomain: string; customer_id: string; job_id: string; error: string | null }[] }>(
        '/api/backups/recover',
        { password, appliance: true, all_tenants: true },
      );
      expect(res.status).toBe(202);
      expect(res.body.appliance.tables.Customer).toBeGreaterThanOrEqual(2);
      expect(res.body.tenants.map((t) => t.error)).toEqual(res.body.tenants.map(() => null));
      // The restored database has the old appliance's users: sign in again.
      admin = await new ApiClient(second.url).login('admin', ADMIN_PASSWORD);
      for (const t of tenants) {
        const entry = res.body.tenants.find((x) => x.subdomain === t.sub);
        expect(entry?.customer_id).toBe(t.id);
        const job = await waitForJob(admin, t.id, entry?.job_id as string, 240_000);
        expect(job.error).toBeNull();
        const c = await waitForCustomer(admin, t.id, (x) => x.status === 'active' && !x.active_job, 60_000);
        expect(c.containers.running).toBe(5);
        const store = execFileSync('docker', ['exec', `netbird-${t.sub}-management`, 'cat', '/var/lib/netbird/store.db'], { encoding: 'utf8' });
        expect(store).toContain(t.marker);
        const key = JSON.parse(fs.readFileSync(path.join(second.env.DATA_DIR, t.sub, 'management.json'), 'utf8')).DataStoreEncryptionKey;
        expect(key).toBe(t.key);
      }
      const instance = await fetch(`http://127.0.0.1:${(await admin.get<CustomerBody>(`/api/customers/${tenants[0].id}`)).body.dashboard_port}/api/instance`);
      expect(await instance.json()).toEqual({ setup_required: false });
    } finally {
      await removeAllTenantsOf(second);
      await second.stop();
    }
  }, 480_000);
});
