import { Cron } from 'croner';
import { db } from '../db';
import { readBackupSettings } from './backup-settings';
import { readMaintenance, type MaintenanceResult } from './retention';
import { resticEngineStatus } from './restic-version';

export interface BackupProblem {
  customer_id: string;
  subdomain: string;
  problem: 'failed' | 'overdue';
  last_success: string | null;
  error: string | null;
}

export interface BackupHealth {
  schedule_enabled: boolean;
  next_run: string | null;
  /** A customer is overdue when its last good backup is older than twice the schedule's interval. */
  overdue_after_ms: number | null;
  problems: BackupProblem[];
  appliance: { last_success: string | null; last_error: string | null };
  /** restic as last checked (at start-up, then every few minutes): an error says how to install it. */
  engine: { restic_version: string | null; error: string | null };
  /** The last retention (`forget --prune`) and integrity check, with restic's reason when they failed. */
  maintenance: { retention: MaintenanceResult | null; check: MaintenanceResult | null };
}

/** The schedule's interval: the gap between its next two runs (a daily schedule: one day). */
export function scheduleInterval(expression: string, from = new Date()): number | null {
  const [a, b] = new Cron(expression, { paused: true }).nextRuns(2, from);
  return a && b ? b.getTime() - a.getTime() : null;
}

/** Failed or overdue backups, restic's state and the last maintenance, for the dashboard card. */
export async function backupHealth(now = new Date()): Promise<BackupHealth> {
  const settings = await readBackupSettings();
  const interval = settings.schedule_enabled ? scheduleInterval(settings.schedule, now) : null;
  const limit = interval ? 2 * interval : null;
  const customers = await db().customer.findMany({
    where: { status: { notIn: ['pending', 'deleting'] }, deployment: { deployedAt: { not: null } } },
    select: { id: true, subdomain: true, deployment: { select: { deployedAt: true } } },
  });
  const rows = await db().backup.findMany({ where: { kind: 'tenant', customerId: { in: customers.map((c) => c.id) } }, orderBy: { startedAt: 'desc' } });
  const problems: BackupProblem[] = [];
  for (const c of customers) {
    const mine = rows.filter((r) => r.customerId === c.id);
    const latest = mine.find((r) => r.state !== 'running');
    const success = mine.find((r) => r.state === 'succeeded');
    const lastSuccess = success?.finishedAt?.toISOString() ?? null;
    if (latest?.state === 'failed') {
      problems.push({ customer_id: c.id, subdomain: c.subdomain, problem: 'failed', last_success: lastSuccess, error: latest.error });
      continue;
    }
    const since = success?.finishedAt ?? c.deployment?.deployedAt ?? now;
    if (limit && now.getTime() - since.getTime() > limit) problems.push({ customer_id: c.id, subdomain: c.subdomain, problem: 'overdue', last_success: lastSuccess, error: null });
  }
  const appliance = await db().backup.findFirst({ where: { kind: 'appliance', state: { not: 'running' } }, orderBy: { startedAt: 'desc' } });
  const applianceOk = await db().backup.findFirst({ where: { kind: 'appliance', state: 'succeeded' }, orderBy: { startedAt: 'desc' } });
  const [engine, retention, check] = await Promise.all([resticEngineStatus(), readMaintenance('retention'), readMaintenance('check')]);
  const next = settings.schedule_enabled ? new Cron(settings.schedule, { paused: true }).nextRun(now) : null;
  return {
    schedule_enabled: settings.schedule_enabled,
    next_run: next?.toISOString() ?? null,
    overdue_after_ms: limit,
    problems,
    appliance: { last_success: applianceOk?.finishedAt?.toISOString() ?? null, last_error: appliance?.state === 'failed' ? appliance.error : null },
    engine: { restic_version: engine.version, error: engine.error },
    maintenance: { retention, check },
  };
}
