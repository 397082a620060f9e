'use client';

import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { Card } from 'react-bootstrap';
import { useBackupStatus } from './use-backups';

/** Dashboard card: customers whose last backup failed or is older than twice the schedule; restic missing; failed retention or check. */
export function BackupStatusCard() {
  const t = useTranslations('backups');
  const format = useFormatter();
  const status = useBackupStatus();
  const s = status.data;
  if (!s) return null;
  const failed = s.problems.filter((p) => p.problem === 'failed');
  const overdue = s.problems.filter((p) => p.problem === 'overdue');
  const when = (at: string) => format.dateTime(new Date(at), { dateStyle: 'medium', timeStyle: 'short' });
  const { retention, check } = s.maintenance;
  const maintenanceFailed = [retention && !retention.ok ? { key: 'cardRetentionFailed' as const, r: retention } : null, check && !check.ok ? { key: 'cardCheckFailed' as const, r: check } : null].filter((m) => m !== null);
  const bad = failed.length > 0 || overdue.length > 0 || Boolean(s.appliance.last_error) || Boolean(s.engine.error) || maintenanceFailed.length > 0;
  return (
    <Card className={`mb-3 ${bad ? 'border-danger' : ''}`} data-testid="backup-status-card">
      <Card.Body className="py-2">
        <div className="d-flex flex-wrap gap-3 align-items-center small">
          <span className="fw-semibold"><i className="bi bi-cloud-check me-1" aria-hidden />{t('cardTitle')}</span>
          {!bad && <span className="text-success-emphasis">{t('cardOk')}</span>}
          {failed.length > 0 && <span className="text-danger-emphasis" data-testid="backup-failed">{t('cardFailed', { count: failed.length })}: {failed.map((p) => <Link key={p.customer_id} href={`/customers/${p.customer_id}?tab=backups`} className="me-1">{p.subdomain}</Link>)}</span>}
          {overdue.length > 0 && <span className="text-warning-emphasis" data-testid="backup-overdue">{t('cardOverdue', { count: overdue.length })}: {overdue.map((p) => <Link key={p.customer_id} href={`/customers/${p.customer_id}?tab=backups`} className="me-1">{p.subdomain}</Link>)}</span>}
          {s.engine.error && <span className="text-danger-emphasis" data-testid="backup-engine-error">{t('cardEngine', { message: s.engine.error })}</span>}
          {maintenanceFailed.map((m) => <span key={m.key} className="text-danger-emphasis" data-testid="backup-maintenance-failed">{t(m.key, { time: when(m.r.at), message: m.r.error ?? '' })}</span>)}
          {s.appliance.last_error && <span className="text-danger-emphasis">{t('cardApplianceFailed', { message: s.appliance.last_error })}</span>}
          {s.next_run && <span className="text-body-secondary ms-auto">{t('cardNext', { time: when(s.next_run) })}</span>}
        </div>
      </Card.Body>
    </Card>
  );
}
