/**
 * Backups at scale: N tenants deployed from the stand-ins, each with ~M MB of data that neither
 * compresses nor deduplicates; a first full backup of all of them, a second run with nothing
 * changed (deduplication), the pause of management per tenant, and an in-place restore of one
 * tenant. Beside each, the floor from the same run: the same bytes read through the Docker API
 * (pause, archive, unpause), and `restic backup` / `restic restore` of the same files directly.
 *   npx tsx bench/backup.ts [--tenants 50] [--mb 20] [--concurrency 4]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startAppliance } from './lib/appliance';
import { initFloorRepo, readThroughApi, resticDirect, resticRestore } from './lib/backup-floor';
import { backupAll, fillTenants, restoreOne, type BackupRun } from './lib/backup-runs';
import { setupPopulation } from './lib/population';
import { formatBytes, formatMs, median, percentile, printTable, section } from './lib/report';
import { runMain } from './lib/with-population';

const { values } = parseArgs({ options: { tenants: { type: 'string', default: '50' }, mb: { type: 'string', default: '20' }, concurrency: { type: 'string', default: '4' } } });
const TENANTS = Number(values.tenants);
const BYTES = Number(values.mb) * 1_000_000;
const CONCURRENCY = Number(values.concurrency);

function checkRun(label: string, r: BackupRun): void {
  const failed = r.rows.filter((row) => row.state !== 'succeeded');
  if (r.rows.length !== TENANTS || failed.length) throw new Error(`${label}: ${r.rows.length - failed.length}/${TENANTS} succeeded; ${failed.map((f) => `${f.subdomain}: ${f.error}`).join('; ')}`);
}

const sum = (xs: (number | null)[]) => xs.reduce<number>((a, b) => a + (b ?? 0), 0);
const spread = (xs: number[]) => `${formatMs(median(xs))} / ${formatMs(percentile(xs, 95))} / ${formatMs(Math.max(...xs))}`;
const mark = (ok: boolean) => (ok ? '✔' : '✘');

async function main(): Promise<void> {
  section('Backups', `${TENANTS} tenants with ${values.mb} MB of random data each in management's data directory; every tenant's "back up now" at once, ${CONCURRENCY} jobs at a time (deploy_concurrency); the clock runs from the first POST to the last job finished (read from the jobs table). Floors at the same concurrency: pause → archive API read to the end → unpause per tenant; restic backup of the same host directories into a repository of its own.`);
  const app = await startAppliance({ deploy_concurrency: CONCURRENCY });
  try {
    const pop = await setupPopulation(app, TENANTS, TENANTS, CONCURRENCY);
    if (pop.active < TENANTS) throw new Error(`only ${pop.active}/${TENANTS} tenants deployed`);
    console.log(`deployed ${TENANTS} tenants in ${formatMs(pop.deployWallMs)}${pop.retried.length ? ` (${pop.retried.length} retried)` : ''}`);
    const fillStart = performance.now();
    await fillTenants(pop.deployedSubdomains, BYTES, CONCURRENCY);
    console.log(`wrote ${formatBytes(BYTES * TENANTS)} of tenant data in ${formatMs(performance.now() - fillStart)}`);

    const put = await app.admin.put<{ password?: string }>('/api/settings/backups', { repository_type: 'local', schedule_enabled: false });
    if (put.status !== 200) throw new Error(`backup settings refused: ${JSON.stringify(put.body)}`);
    const opened = await app.admin.post('/api/settings/backups/test');
    if (opened.status !== 200) throw new Error(`repository: ${JSON.stringify(opened.body)}`);
    const floor = await initFloorRepo(app.dir);

    // Appliance and floor alternate, so a neighbour's load on the shared host falls on both alike.
    const first = await backupAll(app, pop.deployedIds);
    checkRun('first run', first);
    console.log(`first run: ${formatMs(first.wallMs)}`);
    const apiFirst = await readThroughApi(pop.deployedSubdomains, CONCURRENCY);
    const resticFirst = await resticDirect(floor, app.env.DATA_DIR, pop.deployedSubdomains, CONCURRENCY);
    const second = await backupAll(app, pop.deployedIds);
    checkRun('second run', second);
    console.log(`second run: ${formatMs(second.wallMs)}`);
    const apiSecond = await readThroughApi(pop.deployedSubdomains, CONCURRENCY);
    const resticSecond = await resticDirect(floor, app.env.DATA_DIR, pop.deployedSubdomains, CONCURRENCY);

    const target = second.rows[0];
    const id = pop.deployedIds[pop.deployedSubdomains.indexOf(target.subdomain)];
    const restore = await restoreOne(app, id, target.snapshotId as string);
    const restoreDir = fs.mkdtempSync(path.join(app.dir, 'floor-restore-'));
    const resticRestoreMs = await resticRestore(floor, target.subdomain, restoreDir);

    const pauses = [...first.rows, ...second.rows].map((r) => r.pauseMs ?? Number.NaN);
    const floorPauses = [...apiFirst.pauseMs, ...apiSecond.pauseMs];
    printTable(`Backups of ${TENANTS} tenants × ${values.mb} MB (shared, busy machine: see load above)`, ['measure', 'appliance', 'floor: Docker API read', 'floor: restic direct', 'target'], [
      ['first full backup, wall', formatMs(first.wallMs), formatMs(apiFirst.wallMs), formatMs(resticFirst), '—'],
      ['read / added (first run)', `${formatBytes(sum(first.rows.map((r) => r.sizeBytes)))} / ${formatBytes(sum(first.rows.map((r) => r.addedBytes)))}`, formatBytes(apiFirst.bytes), '—', '—'],
      ['unchanged second run, wall', formatMs(second.wallMs), formatMs(apiSecond.wallMs), formatMs(resticSecond), `< 60 s ${mark(second.wallMs < 60_000)}`],
      ['added by the second run', formatBytes(sum(second.rows.map((r) => r.addedBytes))), '—', '—', '—'],
      ['one tenant backup (p50 / p95 / max), second run', spread(second.rows.map((r) => r.durationMs ?? Number.NaN)), '—', '—', '—'],
      ['pause per tenant (p50 / p95 / max), both runs', spread(pauses), spread(floorPauses), 'no pause', `< 1 s ${mark(Math.max(...pauses) < 1000)}`],
      ['restore of one tenant, in place', formatMs(restore.ms), '—', formatMs(resticRestoreMs), `< 30 s ${mark(restore.ms < 30_000)}`],
    ]);
    console.log(`\nrestore steps: ${restore.steps.map((s) => `${s.name} ${formatMs(s.duration_ms ?? Number.NaN)}`).join(', ')}`);
    const exits = app.serverExits();
    if (exits.length) console.error(`\nTHE SERVER DIED ${exits.length} time(s) during the run:\n${exits.join('\n')}`);
  } finally {
    await app.stop();
  }
}

runMain(main);
