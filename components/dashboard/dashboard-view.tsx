'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useCallback, useState } from 'react';
import { Card } from 'react-bootstrap';
import { BackupStatusCard } from '@/components/backups/backup-status-card';
import type { CustomerAbilities } from '@/components/customers/abilities';
import { ErrorAlert } from '@/components/ui/error-alert';
import { useCustomers, type CustomerListParams } from '@/client/queries/use-customers';
import { CustomerFilters } from './customer-filters';
import { CustomerTable, type SortKey } from './customer-table';
import { SetupChecklist } from './setup-checklist';
import { SummaryCards } from './summary-cards';
import { TablePagination } from './table-pagination';
import type { HostChoice } from '@/lib/hosts/host-choices';

const INITIAL: CustomerListParams = { page: 1, per_page: 25, search: '', status: '', sort: 'name', order: 'asc' };

/** Cards, filters and the customer table; it refreshes itself (faster while something deploys). */
export function DashboardView({ abilities, showSetup = false, hosts = [] }: { abilities: CustomerAbilities; showSetup?: boolean; hosts?: HostChoice[] }) {
  const t = useTranslations('dashboard');
  const [params, setParams] = useState<CustomerListParams>(INITIAL);
  const list = useCustomers(params);
  const page = list.data;

  // Any change of filter or sort starts again at page 1.
  const change = useCallback((patch: Partial<CustomerListParams>) => setParams((p) => ({ ...p, page: 1, ...patch })), []);
  const onSearch = useCallback((search: string) => change({ search }), [change]);
  const onSort = (sort: SortKey) => change({ sort, order: params.sort === sort && params.order === 'asc' ? 'desc' : 'asc' });
  const filtered = Boolean(params.search || params.status || params.host);

  return (
    <>
      <div className="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-3">
        <h1 className="h3 mb-0" data-testid="page-title">{t('title')}</h1>
        {abilities.write && (
          <Link href="/customers/new" className="btn btn-primary" data-testid="new-customer">
            <i className="bi bi-plus-lg me-1" aria-hidden />
            {t('newCustomer')}
          </Link>
        )}
      </div>
      <SetupChecklist enabled={showSetup} />
      <SummaryCards counts={page?.counts} showCapacity={abilities.readMonitoring} />
      {abilities.backup && <BackupStatusCard />}
      <Card>
        <Card.Body>
          <CustomerFilters search={params.search} status={params.status} onSearch={onSearch} onStatus={(status) => change({ status })} hosts={hosts} host={params.host ?? ''} onHost={(host) => change({ host })} />
          {list.error && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
          {list.isPending && <p role="status">{t('loading')}</p>}
          {page && page.items.length === 0 && (
            <p className="text-body-secondary my-4 text-center" data-testid="customers-empty">{filtered ? t('emptyFiltered') : t('empty')}</p>
          )}
          {page && page.items.length > 0 && (
            <>
              <CustomerTable items={page.items} sort={params.sort as SortKey} order={params.order} onSort={onSort} abilities={abilities} showHost={hosts.length > 0} />
              <TablePagination
                page={page.page}
                pages={page.pages}
                total={page.total}
                perPage={params.per_page}
                onPage={(n) => setParams((p) => ({ ...p, page: n }))}
                onPerPage={(per_page) => change({ per_page })}
              />
            </>
          )}
        </Card.Body>
      </Card>
    </>
  );
}
