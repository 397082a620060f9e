'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState, type ReactNode } from 'react';
import { Nav, Tab } from 'react-bootstrap';
import { BackupsTab } from '@/components/backups/backups-tab';
import { ErrorAlert } from '@/components/ui/error-alert';
import { ApiError } from '@/client/queries/api-error';
import { useCustomer } from '@/client/queries/use-customers';
import type { CustomerAbilities } from './abilities';
import { ActiveJobCard } from './active-job-card';
import { ActivityTab } from './activity-tab';
import { ContainersTab } from './containers-tab';
import { CustomerStatusBadge } from './customer-status-badge';
import { LogsTab } from './logs-tab';
import { OverviewTab } from './overview-tab';
import { SettingsTab } from './settings-tab';

const TABS = ['overview', 'containers', 'logs', 'activity', 'backups', 'settings'] as const;
type TabKey = (typeof TABS)[number];

/** Viewers see no Logs (not allowed) and no Settings (nothing they may change). */
function visibleTabs(a: CustomerAbilities): TabKey[] {
  return TABS.filter((tab) => (tab === 'logs' ? a.logs : tab === 'settings' ? a.write || a.operate : tab === 'backups' ? a.backup : true));
}

export function CustomerDetail({ id, abilities, initialTab }: { id: string; abilities: CustomerAbilities; initialTab: string | null }) {
  const t = useTranslations('customers.detail');
  const customer = useCustomer(id);
  const tabs = visibleTabs(abilities);
  const [active, setActive] = useState<string>(tabs.find((tab) => tab === initialTab) ?? 'overview');

  function select(key: string | null) {
    if (!key) return;
    setActive(key);
    // Keep the tab in the address so a reload or a shared link opens it again.
    window.history.replaceState(null, '', `?tab=${key}`);
  }

  const back = (
    <Link href="/" className="small d-inline-block mb-2">
      <i className="bi bi-arrow-left me-1" aria-hidden />
      {t('back')}
    </Link>
  );
  if (customer.error) {
    const notFound = customer.error instanceof ApiError && customer.error.status === 404;
    return <>{back}{notFound ? <p data-testid="customer-not-found">{t('notFound')}</p> : <ErrorAlert error={customer.error} onRetry={() => customer.refetch()} />}</>;
  }
  const c = customer.data;
  if (!c) return <>{back}<p role="status">…</p></>;

  const panes: Record<TabKey, ReactNode> = {
    overview: <OverviewTab customer={c} abilities={abilities} />,
    containers: <ContainersTab customer={c} abilities={abilities} />,
    logs: <LogsTab customer={c} />,
    activity: <ActivityTab customerId={c.id} />,
    backups: <BackupsTab customer={c} canRestore={abilities.restore} />,
    settings: <SettingsTab customer={c} abilities={abilities} />,
  };

  return (
    <>
      {back}
      <div className="d-flex flex-wrap align-items-center gap-2 mb-1">
        <h1 className="h3 mb-0 text-break" data-testid="page-title">{c.name}</h1>
        <CustomerStatusBadge status={c.status} />
      </div>
      <p className="text-body-secondary mb-3"><code>{c.subdomain}</code></p>
      {c.status_reason && c.status !== 'active' && (
        <p className="small text-danger-emphasis" data-testid="status-reason"><span className="fw-semibold">{t('reason')}:</span> {c.status_reason}</p>
      )}
      {c.active_job && <ActiveJobCard customerId={c.id} jobId={c.active_job.id} />}
      <Tab.Container id="customer-tabs" activeKey={active} onSelect={select} mountOnEnter unmountOnExit>
        <Nav variant="tabs" className="mb-3 flex-nowrap overflow-x-auto text-nowrap" role="tablist" aria-label={t('tabsLabel')}>
          {tabs.map((tab) => (
            <Nav.Item key={tab}>
              <Nav.Link eventKey={tab} data-testid={`tab-${tab}`}>{t(`tabs.${tab}`)}</Nav.Link>
            </Nav.Item>
          ))}
        </Nav>
        <Tab.Content>
          {tabs.map((tab) => (
            <Tab.Pane key={tab} eventKey={tab}>{panes[tab]}</Tab.Pane>
          ))}
        </Tab.Content>
      </Tab.Container>
    </>
  );
}
