import 'server-only';
import { backupHealth } from '../backups/backup-health';
import { openEventKeys, raiseEvent, resolveEvent } from './raise-event';

/** Backup failed / overdue per tenant, from the figures the dashboard card shows; recovered when gone. */
export async function checkBackups(): Promise<void> {
  const health = await backupHealth();
  for (const kind of ['backup.failed', 'backup.overdue'] as const) {
    const problem = kind === 'backup.failed' ? 'failed' : 'overdue';
    const current = health.problems.filter((p) => p.problem === problem);
    for (const p of current) {
      await raiseEvent({ kind, key: p.customer_id, customerId: p.customer_id, params: { subject: p.subdomain, detail: p.error?.slice(0, 300) ?? (p.last_success ? `last success ${p.last_success}` : '') } });
    }
    const still = new Set(current.map((p) => p.customer_id));
    for (const key of await openEventKeys(kind)) if (!still.has(key)) await resolveEvent(kind, key);
  }
}
