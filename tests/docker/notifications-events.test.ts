import { RUN_ID, TMP, prepareStackTest, removeTmp } from './harness';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../lib/auth/actor';
import { writeBackupSettings } from '../../lib/backups/backup-settings';
import { backupTenant } from '../../lib/backups/backup-tenant';
import { db } from '../../lib/db';
import { enqueueJob } from '../../lib/jobs/enqueue-job';
import { waitForJob } from '../../lib/jobs/runner';
import { deployUnderLoad } from './deploy-under-load';
import { checkBackups } from '../../lib/notifications/backup-watch';
import { checkCertificates } from '../../lib/notifications/certificate-watch';
import { checkHost } from '../../lib/notifications/host-watch';
import { readSamples, sampleHostNow } from '../../lib/monitoring/sampler';
import { startDispatcher, stopDispatcher } from '../../lib/notifications/dispatcher';
import { createChannel } from '../../lib/notifications/manage-channels';
import { channelInputSchema } from '../../lib/notifications/schemas';
import { storeSettings } from '../../lib/settings/store';
import { startFakeNpm, type FakeNpm } from '../fakes/fake-npm';
import { npmDate } from '../fakes/fake-npm/state';
import { removeByCustomer } from './docker-helpers';
import { startSignedWebhook, until } from '../helpers/signed-webhook';

/**
 * The other events end to end, each to a real webhook receiver that checks the HMAC: a job that
 * fails for real (the engine refuses the redeploy) and the next one that succeeds; backups overdue,
 * failed against a repository that refuses, and good again; an NPM certificate (the fake NPM's
 * `expires_on`) expiring and renewed; this host's own memory and disks below thresholds set above
 * what it has free. Each raised once, its recovery once. One tenant (stand-ins,
 * real engine) serves every case.
 */
const SECRET = 'events-signing-secret-0123456789';
const proxyNetwork = `netbird-msp-test-${RUN_ID}`;
const sub = `al-e${RUN_ID}`;
let customerId = '';
let hook: Awaited<ReturnType<typeof startSignedWebhook>>;
let npm: FakeNpm | undefined;

/** The phases received for one event kind, in order. */
const phasesOf = (kind: string) => hook.received.filter((m) => m.event === kind).map((m) => m.phase);

/** Waits until every delivery of these kinds is sent, then returns what the receiver got for each. */
async function settled(kinds: string[], expected: number): Promise<Record<string, string[]>> {
  await until(`${expected} deliveries of ${kinds.join(', ')} sent`, async () => {
    const rows = await db().notificationDelivery.findMany({ where: { event: { kind: { in: kinds } } } });
    return rows.length >= expected && rows.every((r) => r.state === 'sent') ? true : undefined;
  }, 30_000);
  expect(await db().notificationDelivery.count({ where: { event: { kind: { in: kinds } } } })).toBe(expected);
  return Object.fromEntries(kinds.map((k) => [k, phasesOf(k)]));
}

beforeAll(async () => {
  await prepareStackTest(proxyNetwork);
  hook = await startSignedWebhook(SECRET);
  // No event list: every kind, every severity.
  await createChannel(SYSTEM_ACTOR, channelInputSchema.parse({ kind: 'webhook', name: 'all events', url: hook.url, signing_secret: SECRET, min_severity: 'info' }));
  customerId = (await db().customer.create({ data: { name: sub, subdomain: sub, email: 'e@example.com', maxDevices: 5 } })).id;
  await deployUnderLoad(customerId, proxyNetwork);
  await db().customer.update({ where: { id: customerId }, data: { status: 'active', desiredState: 'running' } });
  await startDispatcher();
}, 420_000);

afterAll(async () => {
  stopDispatcher();
  await npm?.stop();
  await removeByCustomer(customerId ? [customerId] : [], [`netbird-${sub}`, proxyNetwork]);
  await hook?.close();
  removeTmp();
});

describe('notification events end to end', () => {
  it('a job the engine refuses raises one "job failed"; the next job that succeeds resolves it', async () => {
    // Below the engine's 6 MB minimum: every create is refused and the redeploy rolls back.
    await storeSettings({ container_memory_limit_mb: 1 });
    const failed = await waitForJob((await enqueueJob(SYSTEM_ACTOR, customerId, 'redeploy')).id, 120_000);
    await storeSettings({ container_memory_limit_mb: 64 });
    expect(failed?.state).toBe('failed');
    await until('the job.failed message', () => (phasesOf('job.failed').length ? true : undefined));
    const [raised] = hook.received.filter((m) => m.event === 'job.failed');
    expect(raised).toMatchObject({ phase: 'raised', signatureOk: true });
    expect(raised.text).toMatch(/redeploy: .*[Mm]inimum memory limit/);
    const ok = await waitForJob((await enqueueJob(SYSTEM_ACTOR, customerId, 'restart')).id, 120_000);
    expect(ok?.state).toBe('succeeded');
    expect(await settled(['job.failed'], 2)).toEqual({ 'job.failed': ['raised', 'resolved'] });
  });

  it('backups: overdue, then failed against a repository that refuses, then good again — each told once', async () => {
    // A "directory" under a plain file: the repository cannot be created.
    const notADirectory = path.join(TMP, 'not-a-directory');
    fs.writeFileSync(notADirectory, 'x');
    await writeBackupSettings({ repository_type: 'local', local_path: path.join(notADirectory, 'repo'), schedule_enabled: true, schedule: '0 2 * * *' });
    // Deployed three days ago and never backed up: more than twice the daily schedule.
    await db().deployment.update({ where: { customerId }, data: { deployedAt: new Date(Date.now() - 3 * 86_400_000) } });
    await checkBackups();
    await checkBackups();
    expect(await db().notificationEvent.count({ where: { kind: 'backup.overdue', state: 'open' } })).toBe(1);

    await expect(backupTenant(customerId)).rejects.toThrow();
    await checkBackups();
    await checkBackups();
    expect(await db().notificationEvent.count({ where: { kind: 'backup.failed', state: 'open' } })).toBe(1);

    await writeBackupSettings({ local_path: path.join(TMP, 'backup-repo') });
    await backupTenant(customerId);
    await checkBackups();
    expect(await settled(['backup.overdue', 'backup.failed'], 4)).toEqual({ 'backup.overdue': ['raised', 'resolved'], 'backup.failed': ['raised', 'resolved'] });
    const [failedMessage] = hook.received.filter((m) => m.event === 'backup.failed');
    expect(failedMessage.subject).toBe(sub);
    expect(hook.received.every((m) => m.signatureOk)).toBe(true);
  });

  it("an NPM certificate within alert_certificate_days raises one warning; renewed, it resolves", async () => {
    npm = await startFakeNpm({ email: 'automation@example.com', password: 'Npm-Passw0rd-for-alerts' });
    await storeSettings({ npm_api_url: npm.url, npm_api_email: 'automation@example.com', npm_api_password: 'Npm-Passw0rd-for-alerts', alert_certificate_days: 14 });
    const cert = npm.addCertificate({ domain_names: [`${sub}.example.com`], expires_on: npmDate(Date.now() + 3 * 86_400_000) });
    npm.addCertificate({ domain_names: [`fresh-${sub}.example.com`] });
    await checkCertificates();
    await checkCertificates();
    await until('the certificate message', () => (phasesOf('certificate.expiring').length ? true : undefined));
    const [expiring] = hook.received.filter((m) => m.event === 'certificate.expiring');
    expect(expiring.subject).toBe(`${sub}.example.com`);
    expect(expiring.text).toMatch(/^[23] d /);
    // NPM renewed it: 90 days again.
    cert.expires_on = npmDate(Date.now() + 90 * 86_400_000);
    await checkCertificates();
    expect(await settled(['certificate.expiring'], 2)).toEqual({ 'certificate.expiring': ['raised', 'resolved'] });
    expect(hook.received.every((m) => m.signatureOk && !m.raw.includes('Npm-Passw0rd'))).toBe(true);
  });

  it('host memory and disks below thresholds set above what this host has free: one warning each, resolved when set back', async () => {
    await sampleHostNow();
    const host = readSamples().host;
    if (!host) throw new Error('the sampler read no host figures');
    const memFree = (host.figures.memory.availableBytes / host.figures.memory.totalBytes) * 100;
    expect(memFree).toBeLessThan(99);
    const trippedDisks = host.figures.disks.filter((d) => (d.freeBytes / (d.usedBytes + d.freeBytes)) * 100 < 99);
    expect(trippedDisks.length).toBeGreaterThan(0);
    await storeSettings({ alert_memory_free_percent: 99, alert_disk_free_percent: 99 });
    await checkHost();
    await checkHost();
    await until('the host messages', () => (phasesOf('host.memory_low').length && phasesOf('host.disk_low').length >= trippedDisks.length ? true : undefined));
    expect(hook.received.find((m) => m.event === 'host.memory_low')?.text).toMatch(/% free$/);
    await storeSettings({ alert_memory_free_percent: 1, alert_disk_free_percent: 1 });
    await checkHost();
    const phases = await settled(['host.memory_low', 'host.disk_low'], 2 * (1 + trippedDisks.length));
    expect(phases['host.memory_low']).toEqual(['raised', 'resolved']);
    expect([...phases['host.disk_low']].sort()).toEqual([...Array(trippedDisks.length).fill('raised'), ...Array(trippedDisks.length).fill('resolved')].sort());
  });
});
