import { log } from '../log';
import { runScheduledBackups } from './scheduler';
import { globalSingleton } from '../global-singleton';

const g = globalSingleton<{ backupRunActive?: boolean }>('backupRunActive', () => ({}));

/** "Back up everything now": the scheduled run, started in the background (one at a time). */
export function startBackupRun(): { started: boolean } {
  if (g.backupRunActive) return { started: false };
  g.backupRunActive = true;
  void runScheduledBackups()
    .catch((err: unknown) => log.error('backup run failed', { error: err instanceof Error ? err.message : String(err) }))
    .finally(() => {
      g.backupRunActive = false;
    });
  return { started: true };
}
