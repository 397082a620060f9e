'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { Alert, Badge, Button, Table } from 'react-bootstrap';
import { formatBytes } from '@/components/customers/format-bytes';
import { useJobLabels } from '@/components/customers/use-job-labels';
import { ErrorAlert } from '@/components/ui/error-alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { RestoreDialog } from './restore-dialog';
import { useBackupNow, useCustomerBackups } from './use-backups';

const STATE_VARIANT: Record<string, string> = { succeeded: 'success', failed: 'danger', running: 'info' };

/** The customer's snapshots with their figures; back up now (operators) and restore (admins). */
export function BackupsTab({ customer, canRestore }: { customer: { id: string; subdomain: string; active_job: { id: string } | null }; canRestore: boolean }) {
  const t = useTranslations('backups');
  const format = useFormatter();
  const labels = useJobLabels();
  const router = useRouter();
  const busy = Boolean(customer.active_job);
  const list = useCustomerBackups(customer.id, busy);
  const backup = useBackupNow(customer.id);
  const wasBusy = useRef(busy);
  const { refetch } = list;
  const { reset } = backup;
  // When the customer's job ends (a backup's row may not have existed at the last poll), the
  // list is read again at once, and "Backup started" gives way to the row's own result.
  useEffect(() => {
    if (wasBusy.current && !busy) {
      void refetch();
      reset();
    }
    wasBusy.current = busy;
  }, [busy, refetch, reset]);
  const [restoring, setRestoring] = useState<{ id: string; short: string } | null>(null);
  const bytes = (n: number | null) => (n === null ? '—' : formatBytes(format, n));

  return (
    <>
      <div className="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-3">
        <p className="text-body-secondary mb-0">{t('intro')}</p>
        <SubmitButton type="button" pending={backup.isPending} onClick={() => backup.mutate()} data-testid="backup-now">
          <i className="bi bi-cloud-arrow-up me-1" aria-hidden />
          {t('backupNow')}
        </SubmitButton>
      </div>
      {backup.error && <ErrorAlert error={backup.error} />}
      {backup.isSuccess && <Alert variant="success" className="py-2">{t('started')}</Alert>}
      {list.error && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
      {list.data?.repository_error && <Alert variant="warning">{t('repositoryError', { message: list.data.repository_error })}</Alert>}
      {list.isPending && <p role="status">{t('loading')}</p>}
      {list.data && list.data.items.length === 0 && <p className="text-body-secondary" data-testid="backups-empty">{t('none')}</p>}
      {list.data && list.data.items.length > 0 && (
        <Table responsive size="sm" className="align-middle" data-testid="backups-table">
          <thead>
            <tr>
              {(['time', 'kind', 'size', 'added', 'duration', 'pause', 'result', 'actions'] as const).map((c) => <th key={c} scope="col">{t(`columns.${c}`)}</th>)}
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((s, i) => (
              <tr key={s.snapshot_id ?? `row-${i}`} data-testid="backup-row">
                <td>{format.dateTime(new Date(s.time), { dateStyle: 'medium', timeStyle: 'short' })}</td>
                <td>{t.has(`kinds.${s.kind}`) ? t(`kinds.${s.kind}`) : s.kind}</td>
                <td>{bytes(s.size_bytes)}</td>
                <td>{bytes(s.added_bytes)}</td>
                <td>{labels.duration(s.duration_ms) || '—'}</td>
                <td>{s.pause_ms === null ? '—' : labels.duration(s.pause_ms)}</td>
                <td>
                  <Badge bg={STATE_VARIANT[s.state] ?? 'secondary'}>{t.has(`states.${s.state}`) ? t(`states.${s.state}`) : s.state}</Badge>
                  {s.error && <div className="small text-danger-emphasis text-break">{s.error}</div>}
                </td>
                <td>
                  {canRestore && s.snapshot_id && s.in_repository && s.state === 'succeeded' && (
                    <Button size="sm" variant="outline-warning" onClick={() => setRestoring({ id: s.snapshot_id ?? '', short: s.short_id ?? '' })} data-testid="restore-button">
                      {t('restore')}
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <RestoreDialog
        customerId={customer.id}
        subdomain={customer.subdomain}
        snapshot={restoring}
        onCancel={() => setRestoring(null)}
        onDone={(target) => {
          setRestoring(null);
          if (target !== customer.id) router.push(`/customers/${target}`);
        }}
      />
    </>
  );
}
