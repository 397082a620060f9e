'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { Card, Table } from 'react-bootstrap';
import { ErrorAlert } from '@/components/ui/error-alert';
import { StatusBadge } from '@/components/ui/status-badge';
import { useCustomerHealth, useCustomerStats, type ContainerStatsView } from '@/client/queries/use-customer-monitor';
import type { CustomerView } from '@/client/queries/use-customers';
import type { CustomerAbilities } from './abilities';
import { formatBytes } from './format-bytes';
import { OperationButtons } from './operation-buttons';

/** Each container's state, health, restarts and live figures, with start/stop/restart of the whole stack. */
export function ContainersTab({ customer, abilities }: { customer: CustomerView; abilities: CustomerAbilities }) {
  const t = useTranslations('customers.containers');
  const format = useFormatter();
  const deployed = customer.dashboard_port !== null;
  const health = useCustomerHealth(customer.id, deployed);
  const stats = useCustomerStats(customer.id, deployed);
  const figures = new Map<string, ContainerStatsView>((stats.data?.containers ?? []).map((f) => [f.service, f]));
  const dash = t('noFigures');

  return (
    <Card data-testid="containers-tab">
      <Card.Body>
        <div className="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-3">
          <h2 className="h5 mb-0">{t('title')}</h2>
          {abilities.operate && deployed && (
            <div className="d-flex align-items-center gap-2">
              <span className="small text-body-secondary">{t('stack')}</span>
              <OperationButtons customer={customer} operations={['start', 'stop', 'restart']} />
            </div>
          )}
        </div>
        {!deployed && <p className="mb-0">{t('notDeployed')}</p>}
        {deployed && health.isPending && <p role="status">{t('loading')}</p>}
        {health.error && <ErrorAlert error={health.error} onRetry={() => health.refetch()} />}
        {health.data && (
          <>
            <Table responsive className="align-middle mb-2" data-testid="containers-table">
              <thead>
                <tr>
                  <th scope="col">{t('service')}</th>
                  <th scope="col">{t('state')}</th>
                  <th scope="col">{t('health')}</th>
                  <th scope="col" className="text-end">{t('restarts')}</th>
                  <th scope="col" className="d-none d-md-table-cell">{t('since')}</th>
                  <th scope="col" className="text-end">{t('cpu')}</th>
                  <th scope="col" className="text-end">{t('memory')}</th>
                  <th scope="col" className="text-end d-none d-lg-table-cell">{t('network')}</th>
                </tr>
              </thead>
              <tbody>
                {health.data.containers.map((c) => {
                  const f = figures.get(c.service);
                  const pending = stats.isPending;
                  return (
                    <tr key={c.service} data-testid={`container-${c.service}`}>
                      <th scope="row" className="fw-semibold">{c.service}</th>
                      <td><StatusBadge status={c.state} label={c.state} /></td>
                      <td title={c.detail}>
                        <StatusBadge status={c.healthy ? 'healthy' : 'unhealthy'} label={c.healthy ? t('healthy') : t('unhealthy')} />
                        {!c.healthy && c.detail && <div className="small text-body-secondary text-break">{c.detail}</div>}
                      </td>
                      <td className="text-end">{format.number(c.restarts)}</td>
                      <td className="d-none d-md-table-cell small">{c.since ? format.dateTime(new Date(c.since), { dateStyle: 'short', timeStyle: 'medium' }) : dash}</td>
                      <td className="text-end text-nowrap" data-testid="cpu">{f ? format.number(f.cpu_percent / 100, { style: 'percent', maximumFractionDigits: 1 }) : pending ? t('figuresLoading') : dash}</td>
                      <td className="text-end text-nowrap" data-testid="memory">
                        {f ? t('memoryOf', { used: formatBytes(format, f.memory_bytes), limit: formatBytes(format, f.memory_limit_bytes) }) : pending ? t('figuresLoading') : dash}
                      </td>
                      <td className="text-end text-nowrap d-none d-lg-table-cell small">{f ? `${formatBytes(format, f.rx_bytes)} / ${formatBytes(format, f.tx_bytes)}` : dash}</td>
                    </tr>
                  );
                })}
              </tbody>
            </Table>
            <div className="small text-body-secondary">{t('checkedAt', { time: format.dateTime(new Date(health.data.checked_at), { timeStyle: 'medium' }) })}</div>
          </>
        )}
        {stats.error && <ErrorAlert error={stats.error} className="mt-2" />}
      </Card.Body>
    </Card>
  );
}
