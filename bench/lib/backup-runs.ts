import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Appliance } from './appliance';
import { mapBounded } from './docker';

const run = promisify(execFile);

/** What the appliance recorded for one tenant backup (the `Backup` table). */
export interface BackupRow {
  subdomain: string;
  state: string;
  error: string | null;
  snapshotId: string | null;
  sizeBytes: number | null;
  addedBytes: number | null;
  durationMs: number | null;
  pauseMs: number | null;
}

export interface BackupRun {
  wallMs: number;
  rows: BackupRow[];
}

/** `bytes` that neither compress nor deduplicate, written into each tenant's management data. */
export async function fillTenants(subdomains: string[], bytes: number, concurrency: number): Promise<void> {
  await mapBounded(subdomains, concurrency, async (sub) => {
    await run('docker', ['exec', `netbird-${sub}-management`, 'sh', '-c', `head -c ${bytes} /dev/urandom > /var/lib/netbird/bench-data.bin`]);
  });
}

function readOnly<T>(app: Appliance, read: (db: Database.Database) => T): T {
  const db = new Database(app.dbPath, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** Polls the jobs table (not the API, so the polling does not load the server it measures). */
async function waitForJobs(app: Appliance, jobIds: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const marks = jobIds.map(() => '?').join(',');
  for (;;) {
    const open = readOnly(app, (db) => db.prepare(`SELECT COUNT(*) AS n FROM Job WHERE id IN (${marks}) AND state IN ('queued', 'running')`).get(...jobIds) as { n: number });
    if (open.n === 0) return;
    if (Date.now() > deadline) throw new Error(`${open.n} of ${jobIds.length} jobs still open after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * "Back up now" for every tenant at once, as the schedule does (one backup job each; the job
 * runner's concurrency bounds how many run together); the clock runs from the first POST to
 * the last job finished.
 */
export async function backupAll(app: Appliance, ids: string[], timeoutMs = 30 * 60_000): Promise<BackupRun> {
  const started = performance.now();
  const jobIds = await mapBounded(ids, 10, async (id) => {
    const res = await app.admin.post<{ job: { id: string } }>(`/api/customers/${id}/backups`);
    if (res.status !== 202) throw new Error(`backup of ${id} refused: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.job.id;
  });
  await waitForJobs(app, jobIds, timeoutMs);
  const wallMs = performance.now() - started;
  const marks = jobIds.map(() => '?').join(',');
  const rows = readOnly(app, (db) =>
    db.prepare(`SELECT subdomain, state, error, snapshotId, sizeBytes, addedBytes, durationMs, pauseMs FROM Backup WHERE jobId IN (${marks})`).all(...jobIds) as BackupRow[],
  );
  return { wallMs, rows };
}

export interface RestoreTiming {
  ms: number;
  steps: { name: string; duration_ms: number | null }[];
}

interface JobBody {
  id: string;
  state: string;
  error: string | null;
  steps: { name: string; state: string; duration_ms: number | null }[];
}

/** An in-place restore of one snapshot: from the POST to the job succeeded and the customer active. */
export async function restoreOne(app: Appliance, customerId: string, snapshotId: string): Promise<RestoreTiming> {
  const started = performance.now();
  const res = await app.admin.post<{ job: { id: string } }>(`/api/customers/${customerId}/backups/${snapshotId}/restore`, { mode: 'in_place' });
  if (res.status !== 202) throw new Error(`restore refused: ${res.status} ${JSON.stringify(res.body)}`);
  await waitForJobs(app, [res.body.job.id], 10 * 60_000);
  const ms = performance.now() - started;
  const jobs = await app.admin.get<{ items: JobBody[] }>(`/api/customers/${customerId}/jobs`);
  const job = jobs.body.items.find((j) => j.id === res.body.job.id);
  if (job?.state !== 'succeeded') throw new Error(`restore ${job?.state}: ${job?.error}`);
  const customer = await app.admin.get<{ status: string; containers: { running: number } }>(`/api/customers/${customerId}`);
  if (customer.body.status !== 'active' || customer.body.containers.running !== 5) throw new Error(`after the restore: ${JSON.stringify(customer.body)}`);
  return { ms, steps: job.steps.map((s) => ({ name: s.name, duration_ms: s.duration_ms })) };
}
