'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button, Card, Table } from 'react-bootstrap';
import { useAudit } from '@/client/queries/use-audit';
import { ErrorAlert } from '@/components/ui/error-alert';
import { StatusBadge } from '@/components/ui/status-badge';
import { AuditFilters, EMPTY_AUDIT_FILTERS } from './audit-filters';

const PER_PAGE = 25;

function detailsText(details: unknown): string {
  if (details === null || details === undefined) return '';
  return typeof details === 'string' ? details : JSON.stringify(details);
}

export function AuditTab() {
  const t = useTranslations('audit');
  const format = useFormatter();
  const [filters, setFilters] = useState(EMPTY_AUDIT_FILTERS);
  const [page, setPage] = useState(1);
  const audit = useAudit({ ...filters, page, per_page: PER_PAGE });
  const pages = Math.max(1, Math.ceil((audit.data?.total ?? 0) / PER_PAGE));

  return (
    <Card>
      <Card.Body>
        <h2 className="h5">{t('title')}</h2>
        <AuditFilters onApply={(f) => { setFilters(f); setPage(1); }} />
        {audit.error && <ErrorAlert error={audit.error} onRetry={() => audit.refetch()} />}
        {audit.data && audit.data.items.length === 0 && <p className="text-body-secondary">{t('none')}</p>}
        {audit.data && audit.data.items.length > 0 && (
          <Table responsive size="sm" hover className="align-middle" data-testid="audit-table" aria-busy={audit.isFetching}>
            <thead>
              <tr>
                <th scope="col">{t('time')}</th>
                <th scope="col">{t('actor')}</th>
                <th scope="col">{t('action')}</th>
                <th scope="col">{t('target')}</th>
                <th scope="col" className="d-none d-lg-table-cell">{t('details')}</th>
                <th scope="col" className="d-none d-md-table-cell">{t('address')}</th>
                <th scope="col">{t('result')}</th>
              </tr>
            </thead>
            <tbody>
              {audit.data.items.map((e) => (
                <tr key={e.id}>
                  <td className="small text-nowrap">{format.dateTime(new Date(e.created_at), { dateStyle: 'short', timeStyle: 'medium' })}</td>
                  <td>{e.actor_name}{(e.actor_type === 'token' || e.actor_type === 'system') && <span className="small text-body-secondary ms-1">({t(`actorTypes.${e.actor_type}`)})</span>}</td>
                  <td><code>{e.action}</code></td>
                  <td className="text-break">{e.target}</td>
                  <td className="d-none d-lg-table-cell small text-break"><code>{detailsText(e.details)}</code></td>
                  <td className="d-none d-md-table-cell small">{e.address}</td>
                  <td><StatusBadge status={e.success ? 'success' : 'failed'} label={e.success ? t('ok') : t('failed')} /></td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        <nav className="d-flex align-items-center gap-2" aria-label={t('pagination')}>
          <Button size="sm" variant="outline-secondary" disabled={page <= 1 || audit.isFetching} onClick={() => setPage((p) => p - 1)} data-testid="audit-prev">
            <i className="bi bi-chevron-left" aria-hidden /> {t('previous')}
          </Button>
          <span className="small" aria-live="polite" data-testid="audit-page">
            {t('pageOf', { page, pages, total: format.number(audit.data?.total ?? 0) })}
          </span>
          <Button size="sm" variant="outline-secondary" disabled={page >= pages || audit.isFetching} onClick={() => setPage((p) => p + 1)} data-testid="audit-next">
            {t('next')} <i className="bi bi-chevron-right" aria-hidden />
          </Button>
        </nav>
      </Card.Body>
    </Card>
  );
}
