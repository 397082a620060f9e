import type { Readable } from 'node:stream';
import { db } from '../db';
import { AppError, isAppError } from '../errors';
import { loadStackSpec } from '../netbird/load-stack-spec';
import { renderTenantFiles } from '../netbird/render-files';
import { managementServiceOf } from '../netbird/stack-spec';
import { tenantEngine } from '../netbird/tenant-engine';
import { backupTenant } from './backup-tenant';
import { serviceContainer } from './container-files';
import { managementDataDir, readHostData } from './host-data';
import { withRepository } from './open-repository';
import { TAG_APP, ensureRepository } from './repository';
import { runRestic } from './restic';
import { packTenant } from './tenant-archive';
import { buildTenantRecord } from './tenant-record';

export type SafetyOutcome = { snapshotId: string; message: string } | { skipped: string };

const notFound = (err: unknown) => isAppError(err) && err.code === 'NOT_FOUND';

/**
 * The safety snapshot before an in-place restore: of the running tenant as any backup is; when
 * its containers are gone, of the data its host still has (read through a helper on the
 * tenant's engine); when there is no data either, none, and the step says so.
 */
export async function takeSafetySnapshot(customerId: string, jobId: string): Promise<SafetyOutcome> {
  const customer = await db().customer.findUnique({ where: { id: customerId }, include: { deployment: true } });
  if (!customer?.deployment?.encryptionKey) return { skipped: 'Skipped: the customer was never deployed, so it has no current state to keep' };
  const spec = await loadStackSpec(customerId);
  const engine = await tenantEngine(customerId);
  const management = await serviceContainer(engine, customerId, managementServiceOf(spec.layout)).catch((err: unknown) => {
    if (notFound(err)) return null;
    throw err;
  });
  if (management) {
    const o = await backupTenant(customerId, { kind: 'safety', trigger: 'restore', jobId });
    return { snapshotId: o.snapshotId, message: `Safety snapshot ${o.snapshotId} of the current state` };
  }
  const data = await readHostData(managementDataDir(engine, spec));
  if (!data) return { skipped: `Skipped: the tenant has no containers and ${spec.tenantDir} holds no management data, so there is no current state to keep` };
  try {
    const snapshotId = await snapshotHostData(customerId, jobId, data.stream, renderTenantFiles(spec.template));
    return { snapshotId, message: `Safety snapshot ${snapshotId} of the data on the tenant's host (it has no containers)` };
  } finally {
    data.stream.destroy();
    await data.release();
  }
}

/** Like a tenant backup, but of files nothing writes to (no container runs): no pause is needed. */
async function snapshotHostData(customerId: string, jobId: string, data: Readable, config: Record<string, string>): Promise<string> {
  const record = await buildTenantRecord(customerId);
  const started = Date.now();
  const row = await db().backup.create({ data: { kind: 'safety', customerId, subdomain: record.customer.subdomain, jobId, trigger: 'restore' } });
  try {
    const packed = packTenant(record, config, data, 1024 * 1024);
    const tags = [TAG_APP, 'safety', `customer:${customerId}`, `subdomain:${record.customer.subdomain}`];
    const result = await withRepository(async (repo) => {
      await ensureRepository(repo);
      return runRestic(repo, {
        args: ['backup', '--stdin', '--stdin-filename', `tenant-${record.customer.subdomain}.tar`, '--host', TAG_APP, '--json', ...tags.flatMap((t) => ['--tag', t])],
        stdin: packed.stream,
        // runRestic collects the JSON lines (the summary with the snapshot id) only for a listener.
        onJson: () => undefined,
      });
    });
    await packed.done;
    const summary = result.json.find((m) => m.message_type === 'summary') ?? {};
    const snapshotId = String(summary.snapshot_id ?? '');
    if (!snapshotId) throw new AppError('BACKUP_FAILED', 'restic reported no snapshot id');
    await db().backup.update({
      where: { id: row.id },
      data: { state: 'succeeded', snapshotId, sizeBytes: Number(summary.total_bytes_processed ?? 0), addedBytes: Number(summary.data_added ?? 0), durationMs: Date.now() - started, finishedAt: new Date() },
    });
    return snapshotId;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await db().backup.update({ where: { id: row.id }, data: { state: 'failed', error: message.slice(0, 2000), durationMs: Date.now() - started, finishedAt: new Date() } });
    throw err;
  }
}
