'use client';

import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { Table } from 'react-bootstrap';
import type { CustomerAbilities } from '@/components/customers/abilities';
import { CustomerStatusBadge } from '@/components/customers/customer-status-badge';
import type { CustomerView } from '@/client/queries/use-customers';
import { CustomerRowActions } from './customer-row-actions';

export type SortKey = 'name' | 'subdomain' | 'status' | 'created_at' | 'max_devices';

interface Props {
  items: CustomerView[];
  sort: SortKey;
  order: 'asc' | 'desc';
  onSort: (key: SortKey) => void;
  abilities: CustomerAbilities;
  /** Show each customer's Docker host (only when the appliance has more than one). */
  showHost?: boolean;
}

function SortHeader({ column, sort, order, onSort, className }: { column: SortKey; sort: SortKey; order: 'asc' | 'desc'; onSort: (k: SortKey) => void; className?: string }) {
  const t = useTranslations('dashboard');
  const active = sort === column;
  const label = t(`columns.${column}`);
  return (
    <th scope="col" className={className} aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="btn btn-link p-0 text-reset text-decoration-none fw-semibold text-nowrap" onClick={() => onSort(column)} data-testid={`sort-${column}`}>
        {label}
        <i className={`bi ms-1 ${active ? (order === 'asc' ? 'bi-sort-up' : 'bi-sort-down') : 'bi-arrow-down-up text-body-tertiary'}`} aria-hidden />
        <span className="visually-hidden">{active ? `, ${t(order === 'asc' ? 'sortedAsc' : 'sortedDesc')}` : `, ${t('sortBy', { column: label })}`}</span>
      </button>
    </th>
  );
}

/** One server-side page of customers; the rows link to the detail page. */
export function CustomerTable({ items, sort, order, onSort, abilities, showHost = false }: Props) {
  const t = useTranslations('dashboard');
  const format = useFormatter();
  const header = { sort, order, onSort };
  const hasActions = abilities.operate || abilities.write;
  return (
    <Table responsive hover className="align-middle mb-0" data-testid="customer-table">
      <thead>
        <tr>
          <SortHeader column="name" {...header} />
          <SortHeader column="subdomain" className="d-none d-md-table-cell" {...header} />
          <SortHeader column="status" {...header} />
          {showHost && <th scope="col" className="d-none d-md-table-cell">{t('columns.host')}</th>}
          <SortHeader column="max_devices" className="d-none d-lg-table-cell" {...header} />
          <th scope="col" className="d-none d-lg-table-cell">{t('columns.containers')}</th>
          <SortHeader column="created_at" className="d-none d-xl-table-cell" {...header} />
          {hasActions && <th scope="col"><span className="visually-hidden">{t('columns.actions')}</span></th>}
        </tr>
      </thead>
      <tbody>
        {items.map((c) => (
          <tr key={c.id} data-testid={`customer-row-${c.subdomain}`}>
            <td>
              <Link href={`/customers/${c.id}`} className="fw-semibold">{c.name}</Link>
              <div className="small text-body-secondary d-md-none">{c.subdomain}</div>
            </td>
            <td className="d-none d-md-table-cell"><code>{c.subdomain}</code></td>
            <td><CustomerStatusBadge status={c.status} /></td>
            {showHost && <td className="d-none d-md-table-cell small" data-testid="customer-host">{c.host.name}</td>}
            <td className="d-none d-lg-table-cell small">
              {t('devices', { connected: c.peers.total === null ? '–' : format.number(c.peers.total), max: format.number(c.max_devices) })}
            </td>
            <td className="d-none d-lg-table-cell small">
              {c.containers.total ? t('containersRunning', { running: c.containers.running, total: c.containers.total }) : t('noContainers')}
            </td>
            <td className="d-none d-xl-table-cell small">{format.dateTime(new Date(c.created_at), { dateStyle: 'medium' })}</td>
            {hasActions && (
              <td className="text-end text-nowrap">
                <CustomerRowActions customer={c} abilities={abilities} />
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
