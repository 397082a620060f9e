import path from 'node:path';
import { PassThrough } from 'node:stream';
import { managementServiceOf } from '../netbird/stack-spec';
import { db } from '../db';
import { isAppError } from '../errors';
import { log } from '../log';
import { loadStackSpec } from '../netbird/load-stack-spec';
import { tenantEngine } from '../netbird/tenant-engine';
import { renderTenantFiles } from '../netbird/render-files';
import { serviceContainer } from './container-files';
import { readFrozen, type FrozenRead } from './frozen-copy';
import { withRepository } from './open-repository';
import { TAG_APP, ensureRepository } from './repository';
import { runRestic } from './restic';
import { packTenant } from './tenant-archive';
import { buildTenantRecord } from './tenant-record';

export const MANAGEMENT_DATA_PATH = '/var/lib/netbird';

export interface BackupOutcome {
  backupId: string;
  snapshotId: string;
  sizeBytes: number;
  addedBytes: number;
  durationMs: number;
  pauseMs: number | null;
  files: number;
}

export interface BackupTenantOptions {
  kind?: 'tenant' | 'safety';
  trigger?: 'manual' | 'schedule' | 'restore' | 'upgrade' | 'migration' | 'move';
  jobId?: string | null;
  onProgress?: (message: string) => void;
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/**
 * One restic snapshot of one tenant: its record with secrets, its rendered configuration and
 * its management data, copied on the tenant's host while management is paused (crash-consistent
 * SQLite files; lib/backups/frozen-copy.ts) and read through the Docker API after it runs again.
 * The container is unpaused on every path, including failures.
 */
export async function backupTenant(customerId: string, opts: BackupTenantOptions = {}): Promise<BackupOutcome> {
  const record = await buildTenantRecord(customerId);
  const spec = await loadStackSpec(customerId);
  const config = renderTenantFiles(spec.template);
  const started = Date.now();
  const row = await db().backup.create({
    data: { kind: opts.kind ?? 'tenant', customerId, subdomain: record.customer.subdomain, jobId: opts.jobId ?? null, trigger: opts.trigger ?? 'manual' },
  });
  // When each phase ended, for the log line that says where a slow backup spent its time.
  const marks: Record<string, number> = {};
  const mark = (phase: string) => (marks[phase] = Date.now() - started);
  try {
    const outcome = await withRepository(async (repo) => {
      // Opening first: a wrong password or an unreachable repository fails before anything is paused.
      await ensureRepository(repo);
      const engine = await tenantEngine(customerId);
      const management = await serviceContainer(engine, customerId, managementServiceOf(spec.layout));
      // The copier runs the stack's own Caddy image (present on the tenant's host, with a shell) over the tenants' root there.
      const helper = { image: spec.images.caddy ?? spec.template.images.caddy, root: path.dirname(spec.tenantDir) };
      // restic starts first: opening the repository (its key derivation, most of an unchanged
      // backup's time) overlaps the wait for this host's pause window. It reads nothing until the
      // data arrives; a failure before that stops it, so no snapshot is ever made of less.
      const input = new PassThrough();
      let lastReport = 0;
      const tags = [TAG_APP, opts.kind ?? 'tenant', `customer:${customerId}`, `subdomain:${record.customer.subdomain}`];
      const backup = runRestic(repo, {
        args: ['backup', '--stdin', '--stdin-filename', `tenant-${record.customer.subdomain}.tar`, '--host', TAG_APP, '--json', ...tags.flatMap((t) => ['--tag', t])],
        stdin: input,
        background: true,
        onJson: (m) => {
          // restic prints its first line once the repository is open (key derived, index loaded).
          if (marks.resticOpen === undefined) mark('resticOpen');
          if (m.message_type !== 'status' || Date.now() - lastReport < 1000) return;
          lastReport = Date.now();
          opts.onProgress?.(`Read ${mb(Number(m.bytes_done ?? 0))}`);
        },
      });
      backup.catch(() => undefined);
      mark('opened');
      let frozen: FrozenRead;
      try {
        frozen = await readFrozen(engine, management.id, MANAGEMENT_DATA_PATH, management.state === 'running', helper);
      } catch (err) {
        input.destroy(err instanceof Error ? err : new Error(String(err)));
        await backup.catch(() => undefined);
        throw err;
      }
      mark('copied');
      const data = frozen.data;
      // Streamed from a paused container, the archive is drained into memory to end the pause sooner; a copy needs no such buffer.
      const packed = packTenant(record, config, data, frozen.copied ? 0 : undefined);
      const released = packed.sourceRead.then(() => {
        mark('read');
        return frozen.release();
      });
      released.catch(() => undefined);
      packed.stream.on('error', (err) => input.destroy(err));
      packed.stream.pipe(input);
      try {
        const result = await backup;
        mark('restic');
        await released;
        const counted = await packed.done;
        const summary = result.json.find((m) => m.message_type === 'summary') ?? {};
        return {
          snapshotId: String(summary.snapshot_id ?? ''),
          sizeBytes: Number(summary.total_bytes_processed ?? 0),
          addedBytes: Number(summary.data_added ?? 0),
          pauseMs: frozen.pauseMs,
          files: counted.files,
        };
      } finally {
        await frozen.release();
        data.destroy();
        input.destroy();
      }
    });
    if (!outcome.snapshotId) throw new Error('restic reported no snapshot id');
    const durationMs = Date.now() - started;
    log.info('tenant backup done', { customer: customerId, durationMs, pauseMs: outcome.pauseMs, phasesEndMs: marks });
    await db().backup.update({
      where: { id: row.id },
      data: { state: 'succeeded', snapshotId: outcome.snapshotId, sizeBytes: outcome.sizeBytes, addedBytes: outcome.addedBytes, pauseMs: outcome.pauseMs, durationMs, finishedAt: new Date() },
    });
    return { backupId: row.id, durationMs, ...outcome };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await db().backup.update({ where: { id: row.id }, data: { state: 'failed', error: message.slice(0, 2000), durationMs: Date.now() - started, finishedAt: new Date() } });
    throw isAppError(err) ? err : new Error(`Backup failed: ${message}`);
  }
}
