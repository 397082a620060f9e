import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLifecycle, waitForCustomer, waitForJob, type CustomerBody, type JobBody, type Lifecycle } from '../helpers/lifecycle-fixture';

/**
 * The local repository on a small filesystem of its own (a 32 MB ext4 image on a loop device;
 * a size-limited tmpfs where the kernel offers no loop devices), filled up so that restic cannot
 * write the tenant's data: the backup must fail as "full", nothing may be recorded as a snapshot,
 * the repository must still pass `restic check`, the tenant must keep running, and the next
 * backup after space is freed must succeed. Real restic, real Docker Engine.
 */
let env: Lifecycle;
let work: string;
let mountPoint: string;
let repoDir: string;
let filesystem: 'loop' | 'tmpfs' = 'loop';
let password = '';

function mountSmallFilesystem(): void {
  const image = path.join(work, 'repo.img');
  execFileSync('truncate', ['-s', '32M', image]);
  execFileSync('mkfs.ext4', ['-q', '-F', '-m', '0', image]);
  const loop = spawnSync('mount', ['-o', 'loop', image, mountPoint], { encoding: 'utf8' });
  if (loop.status === 0) return;
  // Containers and some kernels give no loop devices: a tmpfs has a hard size limit as well.
  filesystem = 'tmpfs';
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=32m', 'nbmsp-full-disk', mountPoint]);
}

function freeBytes(): number {
  const s = fs.statfsSync(mountPoint);
  return s.bavail * s.bsize;
}

function restic(...args: string[]): { status: number | null; out: string } {
  const r = spawnSync('restic', ['--repo', repoDir, '--no-cache', ...args], { encoding: 'utf8', env: { ...process.env, RESTIC_PASSWORD: password } });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'nbmsp-full-disk-'));
  mountPoint = path.join(work, 'mnt');
  fs.mkdirSync(mountPoint);
  mountSmallFilesystem();
  repoDir = path.join(mountPoint, 'repo');
  console.info(`full-disk repository on a 32 MB ${filesystem === 'loop' ? 'ext4 loop device' : 'tmpfs (no loop device available)'}`);
  env = await startLifecycle();
});

afterAll(async () => {
  await env?.cleanup();
  if (mountPoint) spawnSync('umount', [mountPoint]);
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('a full local repository', () => {
  let id: string;
  let sub: string;
  const filler = () => path.join(mountPoint, 'filler.bin');

  it('fails the backup as "full", records no snapshot, leaves the repository sound and the tenant running', async () => {
    const put = await env.admin.put<{ password?: string }>('/api/settings/backups', { repository_type: 'local', local_path: repoDir });
    expect(put.status).toBe(200);
    password = put.body.password ?? '';
    expect((await env.admin.post('/api/settings/backups/test')).status).toBe(200);

    sub = env.unique('bkfull');
    const created = await env.admin.post<{ customer: CustomerBody }>('/api/customers', { name: 'Full Disk Co', subdomain: sub, email: 'owner@full.example', max_devices: 5 });
    id = created.body.customer.id;
    await waitForCustomer(env.admin, id, (c) => c.status === 'active' && !c.active_job, 90_000);
    // 4 MB that do not compress or deduplicate, then a repository with less than 1 MB left.
    execFileSync('docker', ['exec', `netbird-${sub}-management`, 'sh', '-c', 'head -c 4000000 /dev/urandom > /var/lib/netbird/bulk.bin']);
    const leave = 512 * 1024;
    execFileSync('fallocate', ['-l', String(Math.max(0, freeBytes() - leave)), filler()]);
    expect(freeBytes()).toBeLessThan(1024 * 1024);

    const started = await env.admin.post<{ job: JobBody }>(`/api/customers/${id}/backups`);
    expect(started.status).toBe(202);
    const job = await waitForJob(env.admin, id, started.body.job.id);
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/repository is full/i);
    expect(job.error).toMatch(/no space left on device/i);

    const list = await env.admin.get<{ items: { state: string; snapshot_id: string | null; error: string | null }[] }>(`/api/customers/${id}/backups`);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ state: 'failed', snapshot_id: null });
    expect(list.body.items[0].error).toMatch(/full/);
    const health = await env.admin.get<{ problems: { customer_id: string; problem: string }[] }>('/api/backups/status');
    expect(health.body.problems).toContainEqual(expect.objectContaining({ customer_id: id, problem: 'failed' }));

    const snapshots = restic('snapshots', '--json');
    expect(snapshots.status).toBe(0);
    expect(JSON.parse(snapshots.out.trim().split('\n')[0])).toEqual([]);
    const check = restic('check');
    expect(check.out).toContain('no errors were found');
    expect(check.status).toBe(0);
    expect(fs.readdirSync(path.join(repoDir, 'locks'))).toEqual([]);

    const c = (await env.admin.get<CustomerBody>(`/api/customers/${id}`)).body;
    expect(c.status).toBe('active');
    expect(c.containers.running).toBe(5);
    const state = execFileSync('docker', ['inspect', '-f', '{{.State.Status}}', `netbird-${sub}-management`], { encoding: 'utf8' }).trim();
    expect(state).toBe('running');
  });

  it('after space is freed the next backup succeeds and restic checks it', async () => {
    fs.rmSync(filler());
    const started = await env.admin.post<{ job: JobBody }>(`/api/customers/${id}/backups`);
    const job = await waitForJob(env.admin, id, started.body.job.id);
    expect(job.error).toBeNull();
    expect(job.state).toBe('succeeded');
    const list = await env.admin.get<{ items: { state: string; snapshot_id: string | null; size_bytes: number | null }[] }>(`/api/customers/${id}/backups`);
    const ok = list.body.items.filter((s) => s.state === 'succeeded');
    expect(ok).toHaveLength(1);
    expect(ok[0].size_bytes).toBeGreaterThan(4_000_000);
    const snapshots = JSON.parse(restic('snapshots', '--json').out.trim().split('\n')[0]) as { id: string }[];
    expect(snapshots.map((s) => s.id)).toEqual([ok[0].snapshot_id]);
    const check = restic('check', '--read-data');
    expect(check.out).toContain('no errors were found');
    expect(check.status).toBe(0);
    const health = await env.admin.get<{ problems: { customer_id: string }[] }>('/api/backups/status');
    expect(health.body.problems.filter((p) => p.customer_id === id)).toEqual([]);
  });
});
