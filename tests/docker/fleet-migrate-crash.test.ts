import { RUN_ID, TMP, prepareStackTest, removeTmp, standinImageSettings } from './harness';
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../lib/auth/actor';
import { backupTenant } from '../../lib/backups/backup-tenant';
import { recoverBackupsAfterCrash } from '../../lib/backups/recover-after-crash';
import { db } from '../../lib/db';
import { localEngine } from '../../lib/docker/engine';
import { listAllTenantContainers } from '../../lib/docker/list-containers';
import { pauseInterruptedPlans } from '../../lib/fleet/recover-upgrades';
import { createJob } from '../../lib/jobs/enqueue-job';
import { recoverJobs } from '../../lib/jobs/recover-jobs';
import { StepReporter } from '../../lib/jobs/step-reporter';
import { deployStack } from '../../lib/netbird/deploy-stack';
import { recoverInterruptedMigrations } from '../../lib/netbird/recover-migration';
import { ensureSecrets } from '../../lib/netbird/secrets';
import { removeByCustomer } from './docker-helpers';
import { deployFleet, managementDataDir, readMarker } from './fleet-fixture';

/**
 * A classic → combined migration interrupted by the appliance's death (kill -9 of the process
 * running the job queue) at its worst point: the classic stack retired and stopped, the combined
 * server started but not yet healthy. The start-up recovery must put the tenant back on classic
 * with its data; a migration that died after the combined stack had passed its health gate is
 * finished instead. One tenant, shared by both tests in order.
 */
const proxyNetwork = `netbird-msp-test-${RUN_ID}`;
const tenants: { id: string; sub: string }[] = [];
/** Stand-ins of this file's own: the slow start of the combined server is in this tree's stand-in. */
const TAG = 'flmigc';
const TEST_MS = 600_000;

async function containersOf(customerId: string) {
  return (await listAllTenantContainers(localEngine())).get(customerId) ?? [];
}
const running = async (customerId: string) => (await containersOf(customerId)).filter((c) => c.state === 'running').map((c) => c.service).sort();

/** The stand-in writes the fingerprint of the store key it opened the store with. */
function storeKeyFingerprint(sub: string): string {
  return fs.readFileSync(path.join(managementDataDir(sub), 'standin-key.sha256'), 'utf8').trim();
}
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

beforeAll(async () => {
  await prepareStackTest(proxyNetwork, TAG);
  const { writeBackupSettings } = await import('../../lib/backups/backup-settings');
  await writeBackupSettings({ repository_type: 'local', local_path: path.join(TMP, 'repo') });
  await deployFleet(1, tenants, `fl-c${RUN_ID}`);
}, 600_000);

afterAll(async () => {
  await removeByCustomer(tenants.map((t) => t.id), [...tenants.map((t) => `netbird-${t.sub}`), proxyNetwork]);
  await new Promise((resolve) => execFile('docker', ['rmi', ...Object.values(standinImageSettings(TAG))], () => resolve(undefined)));
  removeTmp();
});

describe('a migration interrupted by a crash', () => {
  it('kill -9 after the classic stack was stopped, before the combined one answered: the start-up puts it back on classic with its data', async () => {
    const [t] = tenants;
    const key = (await ensureSecrets(t.id)).encryptionKey;
    // The combined server takes two minutes to answer: the migration is caught in its health wait.
    const slow = path.join(managementDataDir(t.sub), 'standin-slow-start');
    fs.writeFileSync(slow, '120');
    const child = spawn(path.join(process.cwd(), 'node_modules/.bin/tsx'), [path.join(__dirname, 'fleet-migrate-child.ts'), t.id], { env: process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    try {
      const deadline = Date.now() + 240_000;
      for (;;) {
        const deploy = await db().jobStep.findFirst({ where: { name: 'deploy', job: { customerId: t.id, kind: 'migrate' } } });
        const list = await containersOf(t.id);
        const services = list.map((c) => c.service);
        if (deploy?.state === 'running' && list.some((c) => c.service === 'server' && c.state === 'running') && !services.includes('management')) break;
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the migration never reached the combined server's start: ${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      process.kill(-(child.pid as number), 'SIGKILL');
    }
    await new Promise((r) => child.once('exit', r));
    // Caught mid-start: the combined server runs (the rest may not have started yet), classic management is gone.
    const caught = await running(t.id);
    expect(caught).toContain('server');
    expect(caught).not.toContain('management');
    fs.rmSync(slow);

    // What start-up does (lib/services.ts), in its order.
    const interrupted = await pauseInterruptedPlans();
    await recoverJobs();
    await recoverBackupsAfterCrash();
    const outcome = await recoverInterruptedMigrations(120_000);
    // The snapshot the data came back from was taken with the slow-start marker in it.
    fs.rmSync(slow, { force: true });
    expect(interrupted).toEqual([]);
    expect(Object.values(outcome)).toEqual(['classic']);

    const customer = await db().customer.findUniqueOrThrow({ where: { id: t.id } });
    expect([customer.layout, customer.status]).toEqual(['classic', 'active']);
    expect(await running(t.id)).toEqual(['caddy', 'dashboard', 'management', 'relay', 'signal']);
    expect(readMarker(t.sub)).toBe(`data of ${t.sub}\n`);
    expect((await ensureSecrets(t.id)).encryptionKey).toBe(key);
    expect(storeKeyFingerprint(t.sub)).toBe(sha256(key));
    const job = await db().job.findFirstOrThrow({ where: { customerId: t.id, kind: 'migrate' }, include: { steps: true } });
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/restarted/);
    expect(job.steps.find((s) => s.name === 'rollback')?.state).toBe('succeeded');
    expect(job.steps.find((s) => s.name === 'rollback')?.message).toMatch(/snapshot/);
    expect(job.steps.find((s) => s.name === 'record')?.state).toBe('skipped');
  }, TEST_MS);

  it('a crash after the combined stack had passed its health gate: the start-up finishes the migration', async () => {
    const [t] = tenants;
    fs.rmSync(path.join(managementDataDir(t.sub), 'standin-slow-start'), { force: true });
    const key = (await ensureSecrets(t.id)).encryptionKey;
    // The job as the queue leaves it when the process dies during the verify step.
    const job = await db().$transaction((tx) => createJob(tx, SYSTEM_ACTOR, t.id, 'migrate'));
    await db().job.update({ where: { id: job.id }, data: { state: 'running', startedAt: new Date() } });
    const r = new StepReporter(job.id);
    await r.step('check', async () => 'classic');
    await r.step('backup', () => backupTenant(t.id, { kind: 'safety', trigger: 'migration', jobId: job.id }), (b) => b.snapshotId);
    await r.step('deploy', () => deployStack(t.id, { healthTimeoutMs: 120_000 }, 'combined'), () => 'healthy');
    await r.report('verify', 'running');
    await r.flush();

    expect(await recoverInterruptedMigrations(120_000)).toEqual({ [job.id]: 'combined' });
    const customer = await db().customer.findUniqueOrThrow({ where: { id: t.id } });
    expect([customer.layout, customer.status]).toEqual(['combined', 'active']);
    expect(await running(t.id)).toEqual(['caddy', 'dashboard', 'server']);
    expect(readMarker(t.sub)).toBe(`data of ${t.sub}\n`);
    expect(storeKeyFingerprint(t.sub)).toBe(sha256(key));
    const done = await db().job.findUniqueOrThrow({ where: { id: job.id }, include: { steps: true } });
    expect(done.state).toBe('succeeded');
    expect(done.steps.find((s) => s.name === 'verify')?.message).toMatch(/restarted.*healthy/);
    expect(done.steps.find((s) => s.name === 'record')?.state).toBe('succeeded');
  }, TEST_MS);
});
