import 'server-only';
import { bootstrap } from './bootstrap';
import { env } from './env';
import { log } from './log';
import { installFatalErrorLogging } from './process/fatal-errors';
import { announceReady } from './process/restart-info';
import { globalSingleton } from './global-singleton';

const globalForServices = globalSingleton<{ servicesStarted?: boolean }>('servicesStarted', () => ({}));

/** Validates the configuration, migrates, and starts the background services exactly once. */
export async function startServices(): Promise<void> {
  if (globalForServices.servicesStarted) return;
  globalForServices.servicesStarted = true;
  installFatalErrorLogging();
  try {
    env();
    await bootstrap();
    const [{ recoverJobs }, { startReconciler }, { startInsightGatherer }, { startMonitoringSampler }, { startAuditPruner }] = await Promise.all([
      import('./jobs/recover-jobs'),
      import('./status/reconciler'),
      import('./insight/scheduler'),
      import('./monitoring/sampler'),
      import('./audit/prune-audit'),
    ]);
    // Before any job runs: deployments from before data directories were recorded get theirs.
    await (await import('./netbird/tenant-data-dir')).recordLegacyDataDirs();
    // Upgrade plans first: their tenants' jobs are settled by the plan, not resumed by the queue.
    const upgrades = await import('./fleet/recover-upgrades');
    const interrupted = await upgrades.pauseInterruptedPlans();
    // A tenant left mid-move is put back on its source (or kept on its target once recorded).
    await (await import('./moves/recover-moves')).recoverInterruptedMoves();
    await recoverJobs();
    // Backups: unpause tenants and clear restic locks an interrupted backup left behind.
    await (await import('./backups/recover-after-crash')).recoverBackupsAfterCrash();
    // restic checked and logged now, and shown on the dashboard card, before a backup needs it.
    await (await import('./backups/restic-version')).checkResticAtStartup();
    // In the background: a tenant left mid-migration goes back to classic with its data (or is
    // finished when its combined stack had passed its health gate); then a tenant left mid-upgrade
    // goes back to its previous images (and data), and a layout plan's tenants read their settled jobs.
    void (async () => {
      await (await import('./netbird/recover-migration')).recoverInterruptedMigrations();
      await upgrades.settleInterruptedTenants(interrupted);
    })().catch((err: unknown) => log.error('settling interrupted migrations and upgrades failed', { error: err instanceof Error ? err.message : String(err) }));
    await (await import('./backups/scheduler')).startBackupScheduler();
    startReconciler();
    startInsightGatherer();
    startMonitoringSampler();
    startAuditPruner();
    // Alerts: the outbox left by a crash is sent on, and the watches start.
    await (await import('./notifications/start-notifications')).startNotifications();
  } catch (err) {
    log.error('start-up failed', { error: err instanceof Error ? err.message : String(err) });
    // A server with a broken configuration must not run half-working.
    process.exit(1);
  }
  log.info('appliance ready', { port: env().WEB_UI_PORT });
  await announceReady();
}
