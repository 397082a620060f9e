'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Col, Placeholder, Row } from 'react-bootstrap';
import { useCustomerUsage, useHostOverview, type CustomerUsageParams } from '@/client/queries/use-monitoring';
import { ErrorAlert } from '@/components/ui/error-alert';
import { CustomerUsageTable } from './customer-usage-table';
import { CustomerHistoryChart, HostHistoryChart } from './history-charts';
import { HostCards } from './host-cards';
import { SampleAgeNote } from './sample-age-note';

/** The monitoring page: host cards, the last hour's charts and the per-customer table. */
export function MonitoringView() {
  const t = useTranslations('monitoring');
  const host = useHostOverview();
  const [params, setParams] = useState<CustomerUsageParams>({ sort: 'memory', order: 'desc', search: '', page: 1, per_page: 25 });
  const usage = useCustomerUsage(params);
  const [picked, setPicked] = useState<{ id: string; name: string } | undefined>();
  // Until the operator picks one, chart the customer at the top of the table.
  const first = usage.data?.items.find((r) => r.memory_bytes !== null);
  const selected = picked ?? (first ? { id: first.id, name: first.name } : undefined);

  return (
    <>
      <div className="d-flex flex-wrap justify-content-between align-items-baseline gap-2 mb-3">
        <h1 className="h3 mb-0" data-testid="page-title">
          {t('title')}
        </h1>
        {host.data && <SampleAgeNote sampledAt={host.data.sampled_at} ageSeconds={host.data.age_seconds} error={host.data.host_error} />}
      </div>
      {host.error && <ErrorAlert error={host.error} onRetry={() => host.refetch()} />}
      {host.data?.docker_error && (
        <div className="alert alert-warning py-2 small" role="status">
          {t('dockerProblem')}
        </div>
      )}
      {host.data ? (
        <HostCards data={host.data} />
      ) : (
        !host.error && (
          <Placeholder as="div" animation="glow" className="mb-4">
            <Placeholder xs={12} style={{ height: 96 }} />
          </Placeholder>
        )
      )}
      <Row xs={1} lg={2} className="g-3 mb-4">
        <Col>
          <HostHistoryChart />
        </Col>
        <Col>
          <CustomerHistoryChart customerId={selected?.id} name={selected?.name} />
        </Col>
      </Row>
      {usage.error && <ErrorAlert error={usage.error} onRetry={() => usage.refetch()} />}
      <CustomerUsageTable data={usage.data} params={params} onParams={(next) => setParams((p) => ({ ...p, ...next }))} selectedId={selected?.id} onSelect={(row) => setPicked({ id: row.id, name: row.name })} />
    </>
  );
}
