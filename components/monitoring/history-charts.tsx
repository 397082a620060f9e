'use client';

import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { Card, Spinner } from 'react-bootstrap';
import { useUsageHistory } from '@/client/queries/use-monitoring';
import { ErrorAlert } from '@/components/ui/error-alert';
import { UsageChart, type ChartSeries } from './usage-chart';
import { useFigureFormat } from './use-figure-format';

const BLUE = '#0d6efd';
const GREEN = '#198754';
const HOUR = 3600;

function ChartCard({ title, testId, children }: { title: string; testId: string; children: React.ReactNode }) {
  return (
    <Card className="h-100" data-testid={testId}>
      <Card.Header className="small fw-semibold">{title}</Card.Header>
      <Card.Body>{children}</Card.Body>
    </Card>
  );
}

/** Host CPU and memory (both in %) over the last hour. */
export function HostHistoryChart() {
  const t = useTranslations('monitoring');
  const f = useFigureFormat();
  const history = useUsageHistory('host');
  const points = history.data?.scope === 'host' ? history.data.points : undefined;
  const data = useMemo(() => {
    const list = points ?? [];
    return {
      times: list.map((p) => p.t / 1000),
      values: [list.map((p) => p.cpu_percent), list.map((p) => (p.memory_total_bytes ? (p.memory_used_bytes / p.memory_total_bytes) * 100 : null))],
    };
  }, [points]);
  const series: ChartSeries[] = [
    { label: t('cpu'), color: BLUE, scale: '%', format: (v, digits) => f.percent(v, digits ?? 1) },
    { label: t('memory'), color: GREEN, scale: '%', format: (v, digits) => f.percent(v, digits ?? 1) },
  ];
  return (
    <ChartCard title={t('charts.host')} testId="chart-host">
      {history.error && <ErrorAlert error={history.error} onRetry={() => history.refetch()} />}
      {!points ? <Spinner size="sm" /> : <UsageChart label={t('charts.host')} timeLabel={t('charts.time')} windowSeconds={HOUR} testId="chart-host-plot" times={data.times} values={data.values} series={series} ranges={{ '%': [0, 100] }} />}
    </ChartCard>
  );
}

/** One customer's CPU (%) and memory (bytes) over the last hour. */
export function CustomerHistoryChart({ customerId, name }: { customerId: string | undefined; name: string | undefined }) {
  const t = useTranslations('monitoring');
  const f = useFigureFormat();
  const history = useUsageHistory('customer', customerId);
  const points = history.data?.scope === 'customer' ? history.data.points : undefined;
  const data = useMemo(() => {
    const list = points ?? [];
    return { times: list.map((p) => p.t / 1000), values: [list.map((p) => p.cpu_percent), list.map((p) => p.memory_bytes)] };
  }, [points]);
  const series: ChartSeries[] = [
    { label: t('cpu'), color: BLUE, scale: '%', format: (v, digits) => f.percent(v, digits ?? 2) },
    { label: t('memory'), color: GREEN, scale: 'bytes', format: (v) => f.bytes(v) },
  ];
  const title = name ? t('charts.customer', { name }) : t('charts.customerNone');
  return (
    <ChartCard title={title} testId="chart-customer">
      {history.error && <ErrorAlert error={history.error} onRetry={() => history.refetch()} />}
      {!customerId && <p className="text-body-secondary small mb-0">{t('charts.pickCustomer')}</p>}
      {customerId && !points && <Spinner size="sm" />}
      {customerId && points && (points.length ? <UsageChart label={title} timeLabel={t('charts.time')} windowSeconds={HOUR} testId="chart-customer-plot" times={data.times} values={data.values} series={series} /> : <p className="text-body-secondary small mb-0">{t('charts.noSamples')}</p>)}
    </ChartCard>
  );
}
