import 'server-only';
import { log } from '../log';
import { checkBackups } from './backup-watch';
import { checkCertificates } from './certificate-watch';
import { startDispatcher } from './dispatcher';
import { checkHost } from './host-watch';
import { checkTenants } from './tenant-watch';
import { globalSingleton } from '../global-singleton';

export const TENANT_CHECK_MS = 3_000;
const HOST_CHECK_MS = 30_000;
const BACKUP_CHECK_MS = 5 * 60_000;
const CERTIFICATE_CHECK_MS = 6 * 60 * 60_000;

const g = globalSingleton<{ notificationWatches?: NodeJS.Timeout[] }>('notificationWatches', () => ({}));

/** Runs one watch at a time per kind; a failure is logged and the next round tries again. */
function every(name: string, ms: number, check: () => Promise<void>, firstAfterMs = ms): NodeJS.Timeout[] {
  let busy = false;
  const run = () => {
    if (busy) return;
    busy = true;
    check()
      .catch((err: unknown) => log.warn('notification watch failed', { watch: name, error: err instanceof Error ? err.message : String(err) }))
      .finally(() => (busy = false));
  };
  const first = setTimeout(run, firstAfterMs);
  const timer = setInterval(run, ms);
  first.unref();
  timer.unref();
  return [first, timer];
}

/** The outbox dispatcher and the watches that raise and resolve events, once per process. */
export async function startNotifications(): Promise<void> {
  if (g.notificationWatches) return;
  await startDispatcher();
  g.notificationWatches = [
    ...every('tenants', TENANT_CHECK_MS, () => checkTenants()),
    ...every('host', HOST_CHECK_MS, () => checkHost(), 20_000),
    ...every('backups', BACKUP_CHECK_MS, checkBackups, 60_000),
    ...every('certificates', CERTIFICATE_CHECK_MS, checkCertificates, 30_000),
  ];
}

export function stopNotifications(): void {
  for (const t of g.notificationWatches ?? []) clearInterval(t);
  g.notificationWatches = undefined;
}
