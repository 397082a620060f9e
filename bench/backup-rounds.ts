/**
 * Repeated unchanged backup rounds on ONE population: N tenants with ~M MB each, a first full
 * backup of all, then R more rounds with nothing changed, each printed on its own line (wall
 * from the first POST to the last job finished, pauses, per-backup durations). bench/backup.ts
 * gives one unchanged round beside its floors; this shows how much rounds vary on one host.
 * With BENCH_LOG_LEVEL=info BENCH_SERVER_LOG=<file>, every backup's phases are in that file
 * (`tenant backup done`).
 *   npx tsx bench/backup-rounds.ts [--tenants 50] [--mb 20] [--rounds 4] [--concurrency 4]
 */
import { parseArgs } from 'node:util';
import { startAppliance } from './lib/appliance';
import { backupAll, fillTenants } from './lib/backup-runs';
import { setupPopulation } from './lib/population';
import { formatMs, median, percentile, section } from './lib/report';
import { runMain } from './lib/with-population';

const { values } = parseArgs({ options: { tenants: { type: 'string', default: '50' }, mb: { type: 'string', default: '20' }, rounds: { type: 'string', default: '4' }, concurrency: { type: 'string', default: '4' } } });
const TENANTS = Number(values.tenants);
const ROUNDS = Number(values.rounds);
const CONCURRENCY = Number(values.concurrency);

async function main(): Promise<void> {
  section('Backup rounds', `${TENANTS} tenants × ${values.mb} MB; round 0 is the first full backup, rounds 1-${ROUNDS} back up the same unchanged data; ${CONCURRENCY} jobs at a time.`);
  const app = await startAppliance({ deploy_concurrency: CONCURRENCY });
  try {
    const pop = await setupPopulation(app, TENANTS, TENANTS, CONCURRENCY);
    if (pop.active < TENANTS) throw new Error(`only ${pop.active}/${TENANTS} tenants deployed`);
    await fillTenants(pop.deployedSubdomains, Number(values.mb) * 1_000_000, CONCURRENCY);
    const put = await app.admin.put('/api/settings/backups', { repository_type: 'local', schedule_enabled: false });
    if (put.status !== 200) throw new Error(`backup settings refused: ${JSON.stringify(put.body)}`);
    const opened = await app.admin.post('/api/settings/backups/test');
    if (opened.status !== 200) throw new Error(`repository: ${JSON.stringify(opened.body)}`);
    for (let round = 0; round <= ROUNDS; round++) {
      const run = await backupAll(app, pop.deployedIds);
      const failed = run.rows.filter((r) => r.state !== 'succeeded');
      const pauses = run.rows.map((r) => r.pauseMs ?? Number.NaN);
      const durations = run.rows.map((r) => r.durationMs ?? Number.NaN);
      console.log(
        `${new Date().toISOString()} round ${round}: wall ${formatMs(run.wallMs)}, failed ${failed.length}` +
          `, pause p50 ${formatMs(median(pauses))} p95 ${formatMs(percentile(pauses, 95))} max ${formatMs(Math.max(...pauses))}` +
          `, backup p50 ${formatMs(median(durations))} max ${formatMs(Math.max(...durations))}`,
      );
      if (failed.length) throw new Error(`round ${round}: ${failed.map((f) => `${f.subdomain}: ${f.error}`).join('; ')}`);
    }
    const exits = app.serverExits();
    if (exits.length) console.error(`\nTHE SERVER DIED ${exits.length} time(s) during the run:\n${exits.join('\n')}`);
  } finally {
    await app.stop();
  }
}

runMain(main);
