'use client';

import { useTranslations } from 'next-intl';
import { Button, Card, Form, Table } from 'react-bootstrap';
import type { CustomerUsagePage, CustomerUsageRow } from '@/lib/monitoring/views';
import type { CustomerUsageParams } from '@/client/queries/use-monitoring';
import { StatusBadge } from '@/components/ui/status-badge';
import { SampleAgeNote } from './sample-age-note';
import { SortHeader } from './sort-header';
import { useFigureFormat } from './use-figure-format';

const STATUSES = ['pending', 'deploying', 'active', 'inactive', 'error', 'deleting'];

interface Props {
  data: CustomerUsagePage | undefined;
  params: CustomerUsageParams;
  onParams: (next: Partial<CustomerUsageParams>) => void;
  selectedId: string | undefined;
  onSelect: (row: CustomerUsageRow) => void;
}

/** Per-customer CPU and memory, sortable by either; a row click shows its chart. */
export function CustomerUsageTable({ data, params, onParams, selectedId, onSelect }: Props) {
  const t = useTranslations('monitoring');
  const f = useFigureFormat();
  const pages = data ? Math.max(1, Math.ceil(data.total / data.per_page)) : 1;
  function sortBy(column: CustomerUsageParams['sort']) {
    // A second click flips the order; a new column starts with its natural order (biggest first for figures).
    const order = params.sort === column ? (params.order === 'asc' ? 'desc' : 'asc') : column === 'name' ? 'asc' : 'desc';
    onParams({ sort: column, order, page: 1 });
  }
  return (
    <Card className="mb-4" data-testid="customer-usage">
      <Card.Header className="d-flex flex-wrap gap-2 justify-content-between align-items-center">
        <span className="fw-semibold">{t('table.title')}</span>
        <Form.Control size="sm" type="search" style={{ maxWidth: 260 }} placeholder={t('table.search')} aria-label={t('table.search')} value={params.search} onChange={(e) => onParams({ search: e.target.value, page: 1 })} data-testid="usage-search" />
      </Card.Header>
      <div className="table-responsive">
        <Table hover className="mb-0 align-middle" size="sm">
          <thead>
            <tr>
              <SortHeader column="name" label={t('table.customer')} sort={params.sort} order={params.order} onSort={sortBy} className="ps-3" />
              <th scope="col">{t('table.status')}</th>
              <SortHeader column="cpu" label={t('cpu')} sort={params.sort} order={params.order} onSort={sortBy} className="text-end" />
              <SortHeader column="memory" label={t('memory')} sort={params.sort} order={params.order} onSort={sortBy} className="text-end" />
              <th scope="col" className="text-end d-none d-md-table-cell">{t('table.limit')}</th>
              <th scope="col" className="text-end d-none d-md-table-cell pe-3">{t('table.containers')}</th>
            </tr>
          </thead>
          <tbody>
            {data?.items.map((row) => (
              <tr key={row.id} data-testid="usage-row" data-customer={row.subdomain} data-memory={row.memory_bytes ?? ''} className={row.id === selectedId ? 'table-active' : undefined} onClick={() => onSelect(row)} style={{ cursor: 'pointer' }}>
                <td className="ps-3">
                  <button type="button" className="btn btn-link p-0 text-start text-decoration-none" aria-pressed={row.id === selectedId}>
                    <span className="fw-semibold d-block">{row.name}</span>
                    <span className="small text-body-secondary">{row.subdomain}</span>
                  </button>
                </td>
                <td>
                  <StatusBadge status={row.status} label={STATUSES.includes(row.status) ? t(`status.${row.status}`) : row.status} />
                </td>
                <td className="text-end font-monospace">{f.percent(row.cpu_percent, 2)}</td>
                <td className="text-end font-monospace">{f.bytes(row.memory_bytes)}</td>
                <td className="text-end d-none d-md-table-cell text-body-secondary">{row.memory_bytes === null ? '–' : row.memory_limit_bytes === null ? t('table.noLimit') : f.bytes(row.memory_limit_bytes)}</td>
                <td className="text-end d-none d-md-table-cell pe-3">{row.containers_running}</td>
              </tr>
            ))}
            {data && !data.items.length && (
              <tr>
                <td colSpan={6} className="text-center text-body-secondary py-4">
                  {params.search ? t('table.noMatch') : t('table.empty')}
                </td>
              </tr>
            )}
          </tbody>
        </Table>
      </div>
      <Card.Footer className="d-flex flex-wrap gap-2 justify-content-between align-items-center small">
        <SampleAgeNote sampledAt={data?.sampled_at ?? null} ageSeconds={data?.age_seconds ?? null} sampling={data?.sampling ?? false} error={data?.error ?? null} />
        {pages > 1 && (
          <span className="d-flex align-items-center gap-2">
            <Button size="sm" variant="outline-secondary" disabled={params.page <= 1} onClick={() => onParams({ page: params.page - 1 })} aria-label={t('table.previous')}>
              <i className="bi bi-chevron-left" aria-hidden="true" />
            </Button>
            {t('table.pageOf', { page: params.page, pages })}
            <Button size="sm" variant="outline-secondary" disabled={params.page >= pages} onClick={() => onParams({ page: params.page + 1 })} aria-label={t('table.next')}>
              <i className="bi bi-chevron-right" aria-hidden="true" />
            </Button>
          </span>
        )}
      </Card.Footer>
    </Card>
  );
}
