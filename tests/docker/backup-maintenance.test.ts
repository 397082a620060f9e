import { migrateDatabase, removeTmp, TMP } from './harness';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backupHealth } from '../../lib/backups/backup-health';
import { readBackupSettings, writeBackupSettings } from '../../lib/backups/backup-settings';
import { withRepository } from '../../lib/backups/open-repository';
import { ensureRepository, forgetRepositoryState, listSnapshots } from '../../lib/backups/repository';
import { runMaintenance } from '../../lib/backups/retention';
import { checkResticAtStartup } from '../../lib/backups/restic-version';

/**
 * What the dashboard card learns besides the customers' backups, on real restic and SQLite:
 * restic missing at start-up, listing without a lock, and the outcome of retention and check.
 */
const repoDir = path.join(TMP, 'maintenance-repo');

beforeAll(async () => {
  await migrateDatabase();
  await writeBackupSettings({ repository_type: 'local', local_path: repoDir, password: 'maintenance-password-1', schedule_enabled: false });
  forgetRepositoryState();
  await withRepository((repo) => ensureRepository(repo));
});
afterEach(() => {
  delete process.env.RESTIC_BINARY;
});
afterAll(() => removeTmp());

describe('restic at start-up', () => {
  it('a missing restic is logged at start-up and shown on the card with how to install it', async () => {
    process.env.RESTIC_BINARY = path.join(TMP, 'no-such-restic');
    const status = await checkResticAtStartup();
    expect(status.version).toBeNull();
    expect(status.error).toMatch(/restic is not installed.*apt-get install restic/);
    const health = await backupHealth();
    expect(health.engine).toEqual({ restic_version: null, error: status.error });
  });

  it('once restic is there, the next check clears the card', async () => {
    const status = await checkResticAtStartup();
    expect(status.error).toBeNull();
    expect(status.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect((await backupHealth()).engine.error).toBeNull();
  });
});

describe('opening the repository', () => {
  it('backups starting together on a new location create it once, and it opens afterwards', async () => {
    const fresh = path.join(TMP, 'fresh-repo');
    const s = await readBackupSettings();
    const opened = await withRepository((repo) => Promise.all([1, 2, 3, 4].map(() => ensureRepository(repo))), { ...s, local_path: fresh });
    expect(opened.filter((o) => o.created)).toHaveLength(4);
    expect(fs.readdirSync(path.join(fresh, 'keys'))).toHaveLength(1);
    forgetRepositoryState();
    expect(await withRepository((repo) => ensureRepository(repo), { ...s, local_path: fresh })).toEqual({ created: false });
  });
});

describe('listing snapshots', () => {
  it('takes no lock, so polling Backups tabs never block retention', async () => {
    // restic itself runs, through a wrapper that writes down how it was called.
    const argsFile = path.join(TMP, 'restic-args');
    const wrapper = path.join(TMP, 'restic-wrapper');
    fs.writeFileSync(wrapper, `#!/bin/sh\necho "$@" >> '${argsFile}'\nexec restic "$@"\n`, { mode: 0o755 });
    process.env.RESTIC_BINARY = wrapper;
    expect(await withRepository((repo) => listSnapshots(repo))).toEqual([]);
    const call = fs.readFileSync(argsFile, 'utf8').trim().split(' ');
    expect(call.indexOf('--no-lock')).toBeGreaterThanOrEqual(0);
    expect(call.indexOf('--no-lock')).toBeLessThan(call.indexOf('snapshots'));
    expect(fs.readdirSync(path.join(repoDir, 'locks'))).toEqual([]);
  });
});

describe('retention and check', () => {
  const day = 24 * 60 * 60_000;
  const t0 = new Date();

  it('records a successful retention and the first check; the card shows no failure', async () => {
    const done = await runMaintenance(await readBackupSettings(), t0);
    expect(done.retention).toMatchObject({ ok: true, error: null });
    expect(done.check).toMatchObject({ ok: true, error: null });
    const { maintenance } = await backupHealth();
    expect(maintenance.retention).toMatchObject({ ok: true, at: t0.toISOString() });
    expect(maintenance.check).toMatchObject({ ok: true, at: t0.toISOString() });
  });

  it('a failed retention is recorded with restic\'s reason; the check waits until a week has passed', async () => {
    // The stored password no longer opens the repository (written past the settings check on purpose).
    await writeBackupSettings({ password: 'not-the-maintenance-password' });
    forgetRepositoryState();
    const later = new Date(t0.getTime() + day);
    const done = await runMaintenance(await readBackupSettings(), later);
    expect(done.retention.ok).toBe(false);
    expect(done.retention.error).toMatch(/password is wrong/i);
    expect(done.check).toBeNull();
    const { maintenance } = await backupHealth();
    expect(maintenance.retention).toMatchObject({ ok: false, at: later.toISOString() });
    expect(maintenance.check?.at).toBe(t0.toISOString());
  });

  it('a week after the last check it runs again, on whatever weekday, and its failure is shown', async () => {
    const weekLater = new Date(t0.getTime() + 7 * day);
    const done = await runMaintenance(await readBackupSettings(), weekLater);
    expect(done.check).toMatchObject({ ok: false, at: weekLater.toISOString() });
    expect(done.check?.error).toMatch(/password is wrong/i);
    expect((await backupHealth()).maintenance.check?.ok).toBe(false);
  });
});
