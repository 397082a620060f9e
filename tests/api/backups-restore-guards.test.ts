import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../helpers/api-client';
import { ADMIN_PASSWORD } from '../helpers/app-server';
import { startLifecycle, waitForCustomer, waitForJob, type CustomerBody, type JobBody, type Lifecycle } from '../helpers/lifecycle-fixture';
import { STANDIN_SERVER_RELEASE } from '../helpers/standin-images';

/**
 * The restore side's guards on the real engine with real restic, around one combined-layout
 * tenant: snapshots that are not there, a restore as new customer that fails early, the layout
 * carried by the snapshot, a dump that dies midway through an in-place restore, an in-place
 * restore of a tenant whose containers are gone, and disaster recovery onto a live appliance.
 * restic runs behind a wrapper (RESTIC_BINARY) that can cut a chosen `restic dump` short.
 */
let env: Lifecycle;
let tmp: string;
let repoDir: string;
let planFile: string;
let sub: string;
let id: string;
let snapshot: string;
let applianceSnapshot: string;
const marker = `marker-${crypto.randomBytes(4).toString('hex')}`;
const HOST_NAME = `bk-guard-host-${crypto.randomBytes(3).toString('hex')}`;

interface SnapshotBody { snapshot_id: string; kind: string; state: string; subdomain: string | null; customer_id: string | null }
interface ErrorBody { error: { code: string; message: string; details?: { fields?: { path: string }[]; customers?: number } } }

const WRAPPER = `#!/bin/bash
# With ./dump-plan ("<dumps to let through> <bytes>"), the next failing restic dump stops after <bytes>, as a dropped connection would.
plan="$(dirname "$0")/dump-plan"
for a in "$@"; do
  if [ "$a" = dump ] && [ -f "$plan" ]; then
    read -r pass cut < "$plan"
    if [ "$pass" -gt 0 ]; then echo "$((pass - 1)) $cut" > "$plan"; exec restic "$@"; fi
    rm -f "$plan"
    restic "$@" | head -c "$cut"
    echo "Fatal: injected failure: the connection to the repository dropped" >&2
    exit 1
  fi
done
exec restic "$@"
`;

const exec = (container: string, script: string) => execFileSync('docker', ['exec', container, 'sh', '-c', script], { encoding: 'utf8' });
const server = (s: string) => `netbird-${s}-server`;
const state = (name: string) => execFileSync('docker', ['inspect', '-f', '{{.State.Status}}', name], { encoding: 'utf8' }).trim();

async function customerGone(cid: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await env.admin.get(`/api/customers/${cid}`)).status === 404) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

function sqlite(readonly = true): Database.Database {
  return new Database(env.server.env.DATABASE_PATH, { readonly, timeout: 10_000 });
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nbmsp-restore-guards-'));
  repoDir = path.join(tmp, 'repo');
  planFile = path.join(tmp, 'dump-plan');
  fs.writeFileSync(path.join(tmp, 'restic'), WRAPPER, { mode: 0o755 });
  env = await startLifecycle({ RESTIC_BINARY: path.join(tmp, 'restic') }, { netbird_server_image: STANDIN_SERVER_RELEASE });
  expect((await env.admin.put('/api/settings/backups', { repository_type: 'local', local_path: repoDir })).status).toBe(200);
  // Initialised once up front: the scheduled run below starts several backups at the same moment.
  expect((await env.admin.post('/api/settings/backups/test')).status).toBe(200);
  sub = env.unique('bkg');
  const created = await env.admin.post<{ customer: CustomerBody & { layout: string } }>('/api/customers', { name: 'Guard Co', subdomain: sub, email: 'owner@guard.example', max_devices: 3 });
  id = created.body.customer.id;
  const c = await waitForCustomer(env.admin, id, (x) => x.status === 'active' && !x.active_job, 180_000);
  expect((c as CustomerBody & { layout: string }).layout).toBe('combined');
  // Enough data that a dump cut after 1.5 MB stops inside the management data.
  exec(server(sub), `echo ${marker} >> /var/lib/netbird/store.db && head -c 3000000 /dev/urandom > /var/lib/netbird/filler.bin`);
  // A remote host the appliance database must bring back (never contacted: it is cordoned and has no credentials).
  const db = sqlite(false);
  db.prepare(`INSERT INTO "Host" (id, name, endpoint, state, createdAt, updatedAt) SELECT ?, ?, 'ssh://deploy@192.0.2.10:22', 'cordoned', createdAt, updatedAt FROM "Customer" WHERE id = ?`).run(`h-${HOST_NAME}`, HOST_NAME, id);
  db.close();
  // One scheduled run: the tenant and the appliance database.
  expect((await env.admin.post('/api/backups')).status).toBe(202);
  const deadline = Date.now() + 420_000;
  let items: SnapshotBody[] = [];
  while (Date.now() < deadline) {
    items = (await env.admin.get<{ items: SnapshotBody[] }>('/api/backups')).body.items;
    if (items.some((s) => s.kind === 'appliance' && s.state === 'succeeded') && items.some((s) => s.kind === 'tenant' && s.subdomain === sub && s.state === 'succeeded') && !items.some((s) => s.state === 'running')) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  snapshot = items.find((s) => s.kind === 'tenant' && s.subdomain === sub && s.state === 'succeeded')?.snapshot_id ?? '';
  applianceSnapshot = items.find((s) => s.kind === 'appliance' && s.state === 'succeeded')?.snapshot_id ?? '';
  expect(snapshot, JSON.stringify(items)).not.toBe('');
  expect(applianceSnapshot, JSON.stringify(items)).not.toBe('');
}, 720_000);

afterAll(async () => {
  await env?.cleanup();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('restore as a new customer: nothing is left behind when it cannot work', () => {
  it('refuses a snapshot that is not in the repository (404 on snapshot) and one that is not a tenant backup (422), creating nothing', async () => {
    const before = (await env.admin.get<{ total: number }>('/api/customers')).body.total;
    // The scheduled run ends with retention, which holds restic's exclusive lock for a while (409 meanwhile).
    const restoreOnceUnlocked = async (snap: string) => {
      let res = await env.admin.post<ErrorBody>(`/api/customers/${id}/backups/${snap}/restore`, { mode: 'new_customer', subdomain: env.unique('bkgx') });
      for (let i = 0; i < 120 && res.body.error?.code === 'BACKUP_REPO_LOCKED'; i++) {
        await new Promise((r) => setTimeout(r, 500));
        res = await env.admin.post<ErrorBody>(`/api/customers/${id}/backups/${snap}/restore`, { mode: 'new_customer', subdomain: env.unique('bkgx') });
      }
      return res;
    };
    const missing = await restoreOnceUnlocked('deadbeefdeadbeef');
    expect(missing.status).toBe(404);
    expect(missing.body.error.details?.fields?.map((f) => f.path)).toEqual(['snapshot']);
    const appliance = await restoreOnceUnlocked(applianceSnapshot);
    expect(appliance.status).toBe(422);
    expect(appliance.body.error.details?.fields?.map((f) => f.path)).toEqual(['snapshot']);
    expect((await env.admin.get<{ total: number }>('/api/customers')).body.total).toBe(before);
  });

  it('removes the new customer again when the snapshot cannot be read, freeing its subdomain', async () => {
    fs.writeFileSync(planFile, '0 100');
    const target = env.unique('bkgf');
    const res = await env.admin.post<{ job: JobBody; customer_id: string }>(`/api/customers/${id}/backups/${snapshot}/restore`, { mode: 'new_customer', subdomain: target });
    expect(res.status).toBe(202);
    expect(await customerGone(res.body.customer_id, 120_000)).toBe(true);
    const db = sqlite();
    const job = db.prepare('SELECT state, error FROM "Job" WHERE id = ?').get(res.body.job.id) as { state: string; error: string };
    db.close();
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/injected failure/);
    expect(fs.existsSync(planFile)).toBe(false);
  });
});

describe('the snapshot carries the layout', () => {
  it('a combined tenant restored as a new customer comes back combined, with its marker', async () => {
    const target = env.unique('bkgc');
    const res = await env.admin.post<{ job: JobBody; customer_id: string }>(`/api/customers/${id}/backups/${snapshot}/restore`, { mode: 'new_customer', subdomain: target });
    expect(res.status).toBe(202);
    const job = await waitForJob(env.admin, res.body.customer_id, res.body.job.id, 240_000);
    expect(job.error).toBeNull();
    const c = await waitForCustomer(env.admin, res.body.customer_id, (x) => x.status === 'active' && !x.active_job, 60_000);
    expect((c as CustomerBody & { layout: string }).layout).toBe('combined');
    expect(c.containers.running).toBe(3);
    expect(exec(server(target), 'cat /var/lib/netbird/store.db')).toContain(marker);
  });
});

describe('in-place restores never leave half-written data', () => {
  it('a dump that dies midway fails the data step at once; the old data is intact and the server runs', async () => {
    exec(server(sub), 'echo current-state >> /var/lib/netbird/store.db && echo new > /var/lib/netbird/after-backup.txt');
    const before = exec(server(sub), 'sha256sum /var/lib/netbird/store.db /var/lib/netbird/filler.bin');
    // The verify step's dump goes through; the data step's is cut after 1.5 MB.
    fs.writeFileSync(planFile, '1 1500000');
    const res = await env.admin.post<{ job: JobBody }>(`/api/customers/${id}/backups/${snapshot}/restore`, { mode: 'in_place' });
    expect(res.status).toBe(202);
    const job = await waitForJob(env.admin, id, res.body.job.id, 240_000);
    expect(job.state).toBe('failed');
    expect(job.steps.find((s) => s.name === 'verify')?.state).toBe('succeeded');
    expect(job.steps.find((s) => s.name === 'data')?.state).toBe('failed');
    expect(job.error).toMatch(/injected failure|restic dump failed/);
    expect(state(server(sub))).toBe('running');
    expect(exec(server(sub), 'sha256sum /var/lib/netbird/store.db /var/lib/netbird/filler.bin')).toBe(before);
    expect(exec(server(sub), 'cat /var/lib/netbird/after-backup.txt')).toBe('new\n');
    expect(fs.existsSync(path.join(env.server.env.DATA_DIR, sub, 'data', '.restore-staging'))).toBe(false);
  });

  it('with the containers gone, the safety snapshot is taken from the host, and the restore brings back exactly the snapshot', async () => {
    const ids = execFileSync('docker', ['ps', '-aq', '--filter', `label=netbird-msp.customer=${id}`], { encoding: 'utf8' }).split('\n').filter(Boolean);
    execFileSync('docker', ['rm', '-f', ...ids], { stdio: 'ignore' });
    const res = await env.admin.post<{ job: JobBody }>(`/api/customers/${id}/backups/${snapshot}/restore`, { mode: 'in_place' });
    expect(res.status).toBe(202);
    const job = await waitForJob(env.admin, id, res.body.job.id, 240_000);
    expect(job.error).toBeNull();
    const safety = job.steps.find((s) => s.name === 'safety');
    expect(safety?.state).toBe('succeeded');
    expect(safety?.message).toMatch(/host/);
    await waitForCustomer(env.admin, id, (x) => x.status === 'active' && !x.active_job, 60_000);
    const store = exec(server(sub), 'cat /var/lib/netbird/store.db');
    expect(store).toContain(marker);
    expect(store).not.toContain('current-state');
    // The data directory was replaced whole: a file the snapshot lacks is gone.
    expect(exec(server(sub), 'ls /var/lib/netbird')).not.toContain('after-backup.txt');
    const list = await env.admin.get<{ items: SnapshotBody[] }>(`/api/customers/${id}/backups`);
    expect(list.body.items.filter((s) => s.kind === 'safety' && s.state === 'succeeded').length).toBeGreaterThanOrEqual(1);
  });
});

describe('disaster recovery onto an appliance that has customers', () => {
  it('refuses to replace the database without force, naming how many customers exist; nothing changes', async () => {
    const before = (await env.admin.get<{ total: number }>('/api/customers')).body.total;
    const res = await env.admin.post<ErrorBody>('/api/backups/recover', { appliance: true });
    expect(res.status).toBe(409);
    expect(res.body.error.details?.customers).toBe(before);
    expect(res.body.error.message).toContain(`${before} customer`);
    expect(res.body.error.message).toMatch(/force/);
    expect((await env.admin.get<{ total: number }>('/api/customers')).body.total).toBe(before);
  });

  it('with force, backs up the current database first, restores the hosts, and that backup brings the later customers back', async () => {
    const listed = (await env.admin.get<{ items: { id: string }[] }>('/api/customers?per_page=100')).body.items.map((c) => c.id).sort();
    const db = sqlite(false);
    db.prepare('DELETE FROM "Host" WHERE name = ?').run(HOST_NAME);
    db.close();
    const res = await env.admin.post<{ replaced_database_snapshot_id: string | null; appliance: { tables: Record<string, number> } }>('/api/backups/recover', { appliance: applianceSnapshot, force: true });
    expect(res.status).toBe(202);
    expect(res.body.replaced_database_snapshot_id).toMatch(/^[0-9a-f]{8,64}$/);
    expect(res.body.appliance.tables.Host).toBeGreaterThanOrEqual(1);
    const admin = await new ApiClient(env.server.url).login('admin', ADMIN_PASSWORD);
    env.admin = admin;
    const hosts = await admin.get<{ items: { name: string }[] }>('/api/hosts');
    expect(hosts.body.items.map((h) => h.name)).toContain(HOST_NAME);
    // The customer restored as new after the appliance backup is not in that backup…
    const now = (await admin.get<{ items: { id: string }[] }>('/api/customers?per_page=100')).body.items.map((c) => c.id);
    expect(now).toEqual([id]);
    // …and the database taken before the replacement has it, keys and all.
    const back = await admin.post('/api/backups/recover', { appliance: res.body.replaced_database_snapshot_id, force: true });
    expect(back.status).toBe(202);
    env.admin = await new ApiClient(env.server.url).login('admin', ADMIN_PASSWORD);
    const again = (await env.admin.get<{ items: { id: string }[] }>('/api/customers?per_page=100')).body.items.map((c) => c.id).sort();
    expect(again).toEqual(listed);
  }, 240_000);
});
