'use client';

import { useTranslations } from 'next-intl';
import { Badge, Button, Card, Table } from 'react-bootstrap';
import { usePlanControl, usePlanEvents } from '@/client/queries/use-fleet';
import { ErrorAlert } from '@/components/ui/error-alert';

const TONE: Record<string, string> = { succeeded: 'success', rolled_back: 'warning', failed: 'danger', skipped: 'secondary', pending: 'light' };
const seconds = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);

/** One plan as it runs: waves, each tenant's state and timings, rollback reasons; pause, resume, abort. */
export function PlanLive({ planId, canManage }: { planId: string; canManage: boolean }) {
  const t = useTranslations('fleet');
  const plan = usePlanEvents(planId);
  const control = usePlanControl(planId);
  if (!plan) return null;
  return (
    <Card data-testid="plan-live">
      <Card.Header className="d-flex flex-wrap justify-content-between align-items-center gap-2">
        <span>
          {plan.kind === 'migrate' ? t('planMigrate') : t('planState', { version: plan.images ? (plan.images.management ?? plan.images.server ?? '—') : '—' })} <Badge bg="info" data-testid="plan-state">{t(`state_${plan.state}`)}</Badge>{' '}
          <span className="small text-muted">{t('failures', { failures: plan.failures, budget: plan.failure_budget })}</span>
        </span>
        {canManage && (
          <span className="d-flex gap-2">
            {plan.state === 'running' && <Button size="sm" variant="outline-secondary" onClick={() => control.mutate('pause')}>{t('pause')}</Button>}
            {plan.state === 'paused' && <Button size="sm" variant="outline-primary" onClick={() => control.mutate('resume')}>{t('resume')}</Button>}
            {['running', 'paused'].includes(plan.state) && <Button size="sm" variant="outline-danger" onClick={() => control.mutate('abort')}>{t('abort')}</Button>}
          </span>
        )}
      </Card.Header>
      {control.error && <ErrorAlert error={control.error} />}
      {plan.state_reason && <div className="small px-3 pt-2">{plan.state_reason}</div>}
      <Table responsive size="sm" className="mb-0">
        <thead>
          <tr>
            <th>{t('waveColumn')}</th>
            <th>{t('tenant')}</th>
            <th>{t('state')}</th>
            <th>{t('downtime')}</th>
            <th>{t('rollbackTime')}</th>
            <th>{t('reason')}</th>
          </tr>
        </thead>
        <tbody>
          {plan.waves.flatMap((w) =>
            w.tenants.map((row) => (
              <tr key={row.customer_id} data-testid={`plan-row-${row.subdomain}`} data-state={row.state}>
                <td>{w.canary ? t('canary') : t('wave', { n: w.wave })}</td>
                <td>{row.subdomain}</td>
                <td>
                  <Badge bg={TONE[row.state] ?? 'primary'} text={row.state === 'pending' ? 'dark' : undefined}>{t(plan.kind === 'migrate' && row.state === 'succeeded' ? 'tenant_migrated' : `tenant_${row.state}`)}</Badge>
                </td>
                <td>{seconds(row.downtime_ms)}</td>
                <td>{seconds(row.rollback_ms)}</td>
                <td className="small">{row.reason ?? ''}</td>
              </tr>
            )),
          )}
        </tbody>
      </Table>
    </Card>
  );
}
