import type { Actor } from '../auth/actor';
import { recordAudit } from '../audit/record';
import { db } from '../db';
import { createJob } from '../jobs/enqueue-job';
import { scheduleJob } from '../jobs/runner';
import { AppError, isAppError } from '../errors';
import { invalidateSettings } from '../settings/store';
import { syncHostEngines } from '../hosts/host-engines';
import { backupAppliance } from './backup-appliance';
import { writeBackupSettings } from './backup-settings';
import { withRepository } from './open-repository';
import { runRestic } from './restic';
import { TAG_APP, ensureRepository, forgetRepositoryState, listSnapshots, tagValue, type ResticSnapshot } from './repository';
import { restoreApplianceDatabase, type ApplianceRestoreResult } from './restore-appliance';
import type { RecoverRequest } from './schemas';

export interface RecoveredTenant {
  snapshot_id: string;
  subdomain: string | null;
  customer_id: string | null;
  job_id: string | null;
  error: string | null;
}

export interface RecoverResult {
  appliance: ApplianceRestoreResult | null;
  /** With `force`: the snapshot of the database as it was before it was replaced. */
  replaced_database_snapshot_id: string | null;
  tenants: RecoveredTenant[];
}

function newestPerCustomer(snaps: ResticSnapshot[]): ResticSnapshot[] {
  const newest = new Map<string, ResticSnapshot>();
  for (const s of snaps.filter((x) => x.tags?.includes('tenant'))) {
    const id = tagValue(s, 'customer');
    const kept = id ? newest.get(id) : undefined;
    if (id && (!kept || kept.time < s.time)) newest.set(id, s);
  }
  return [...newest.values()];
}

/**
 * Disaster recovery on a fresh appliance: with the repository settings (and its password) in
 * place, restores the appliance database and/or tenants. Each tenant becomes a `restore` job of
 * mode `recover` on a customer with its original id and subdomain (the record from the restored
 * database when there is one): ports re-allocated when taken, stack redeployed, NPM host created.
 */
export async function recoverFromRepository(actor: Actor, input: RecoverRequest): Promise<RecoverResult> {
  if (input.appliance) await refuseLiveAppliance(input.force);
  if (input.password) {
    // Stored only once it opens the repository: a typo must not replace a password that works.
    const password = input.password;
    await withRepository((repo) => runRestic(repo, { args: ['cat', 'config'], timeoutMs: 60_000 }), undefined, password);
    await writeBackupSettings({ password });
    forgetRepositoryState();
  }
  const { snapshots, appliance, replaced } = await withRepository(async (repo) => {
    await ensureRepositoryExists(repo);
    const all = await listSnapshots(repo, [TAG_APP]);
    let restored: ApplianceRestoreResult | null = null;
    let before: string | null = null;
    if (input.appliance) {
      const candidates = all.filter((s) => s.tags?.includes('appliance')).sort((a, b) => b.time.localeCompare(a.time));
      const named = input.appliance;
      const chosen = typeof named === 'string' ? all.find((s) => s.id.startsWith(named)) : candidates[0];
      if (!chosen) throw new AppError('NOT_FOUND', 'The repository holds no appliance database backup.');
      if (input.force && (await db().customer.count()) > 0) before = await backUpBeforeReplacing();
      restored = await restoreApplianceDatabase(repo, chosen.id);
      invalidateSettings();
      // The restored Host rows name the engines of remote tenants; register them before any job resolves one.
      await syncHostEngines();
    }
    return { snapshots: all, appliance: restored, replaced: before };
  });
  const wanted = input.tenants.length
    ? input.tenants.map((id): ResticSnapshot => snapshots.find((s) => s.id.startsWith(id)) ?? { id, short_id: id.slice(0, 8), time: '', paths: [], hostname: '' })
    : input.all_tenants
      ? newestPerCustomer(snapshots)
      : [];
  const tenants: RecoveredTenant[] = [];
  for (const snap of wanted) tenants.push(await queueRecovery(actor, snap));
  await recordAudit(actor, {
    action: 'backup.recover',
    target: 'appliance',
    details: { appliance: appliance?.snapshot_id ?? null, tenants: tenants.map((t) => ({ snapshot: t.snapshot_id, subdomain: t.subdomain, ok: !t.error })) },
  });
  return { appliance, replaced_database_snapshot_id: replaced, tenants };
}

/**
 * Restoring the appliance database replaces every customer and deployment row: on an appliance
 * that already has customers, those created after the backup would lose their sealed keys and
 * owner credentials. Only an explicit `force` goes ahead.
 */
async function refuseLiveAppliance(force: boolean): Promise<void> {
  const customers = await db().customer.count();
  if (!customers || force) return;
  throw new AppError(
    'CONFLICT',
    `This appliance already has ${customers} customer${customers === 1 ? '' : 's'}: restoring the appliance database would replace them with the backup's. Restore the tenants alone (leave "appliance" out), or repeat the request with "force": true to replace the database after a backup of it is taken.`,
    { customers, fields: [{ path: 'force', message: 'is required to replace a database that has customers', code: 'conflict' }] },
  );
}

/** The current database into the repository first; no backup of it, no replacement. */
async function backUpBeforeReplacing(): Promise<string> {
  try {
    const { snapshotId } = await backupAppliance('manual');
    if (!snapshotId) throw new Error('restic reported no snapshot id');
    return snapshotId;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new AppError(isAppError(err) ? err.code : 'BACKUP_FAILED', `The current appliance database could not be backed up, so it was not replaced: ${reason}`);
  }
}

async function ensureRepositoryExists(repo: Parameters<typeof ensureRepository>[0]): Promise<void> {
  // Recovery must never create an empty repository where the user expected theirs.
  const { runRestic } = await import('./restic');
  await runRestic(repo, { args: ['cat', 'config'], timeoutMs: 60_000 });
}

async function queueRecovery(actor: Actor, snap: ResticSnapshot): Promise<RecoveredTenant> {
  const customerId = tagValue(snap, 'customer');
  const subdomain = tagValue(snap, 'subdomain') ?? null;
  const base = { snapshot_id: snap.id, subdomain, customer_id: customerId ?? null, job_id: null };
  if (!customerId || !subdomain || !snap.tags?.includes('tenant')) return { ...base, error: 'Not a tenant snapshot of this appliance.' };
  try {
    const job = await db().$transaction(async (tx) => {
      const existing = await tx.customer.findUnique({ where: { id: customerId } });
      if (!existing) {
        const clash = await tx.customer.findUnique({ where: { subdomain } });
        if (clash) throw new AppError('SUBDOMAIN_TAKEN', `The subdomain ${subdomain} belongs to another customer here: restore this snapshot as a new customer instead.`);
        await tx.customer.create({ data: { id: customerId, name: subdomain, subdomain, email: 'restore@localhost.invalid', maxDevices: 1, status: 'deploying' } });
      } else {
        await tx.customer.update({ where: { id: customerId }, data: { status: 'deploying', statusReason: null } });
      }
      const created = await createJob(tx, actor, customerId, 'restore');
      await tx.backup.create({ data: { kind: 'restore', customerId, subdomain, jobId: created.id, snapshotId: snap.id, trigger: 'recover' } });
      return created;
    });
    scheduleJob(job.id);
    return { ...base, job_id: job.id, error: null };
  } catch (err) {
    if (!isAppError(err)) throw err;
    return { ...base, error: err.message };
  }
}
