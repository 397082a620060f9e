'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Badge, Button, Card, Table } from 'react-bootstrap';
import { useFleetInventory, usePinMutation, usePlans } from '@/client/queries/use-fleet';
import { ErrorAlert } from '@/components/ui/error-alert';
import { PlanEditor } from './plan-editor';
import { PlanLive } from './plan-live';

/** The fleet page: versions, each tenant's images, pin and lag, the plan editor and the live plan. */
export function FleetView({ canManage }: { canManage: boolean }) {
  const t = useTranslations('fleet');
  const inventory = useFleetInventory();
  const plans = usePlans();
  const pin = usePinMutation();
  const [followed, setFollowed] = useState<string | null>(null);
  const current = followed ?? plans.data?.items[0]?.id ?? null;
  const inv = inventory.data;

  return (
    <>
      <h1 className="h3 mb-3" data-testid="page-title">
        {t('title')}
      </h1>
      {inventory.error && <ErrorAlert error={inventory.error} onRetry={() => inventory.refetch()} />}
      {pin.error && <ErrorAlert error={pin.error} />}
      {inv && (
        <Card className="mb-3">
          <Card.Header>{t('versions', { version: inv.default_version })}</Card.Header>
          <Card.Body className="d-flex flex-wrap gap-2" data-testid="fleet-versions">
            {inv.versions.map((v) => (
              <Badge key={v.version} bg={v.behind ? 'warning' : 'success'} text={v.behind ? 'dark' : undefined} data-testid={`fleet-version-${v.version}`}>
                {v.version}: {t('tenantCount', { count: v.tenants })}
              </Badge>
            ))}
            {inv.versions.length === 0 && <span className="text-muted">{t('noTenants')}</span>}
          </Card.Body>
          <Table responsive size="sm" className="mb-0" data-testid="fleet-tenants">
            <thead>
              <tr>
                <th>{t('tenant')}</th>
                <th>{t('version')}</th>
                <th>{t('layout')}</th>
                <th>{t('host')}</th>
                <th>{t('management')}</th>
                <th>{t('state')}</th>
                {canManage && <th />}
              </tr>
            </thead>
            <tbody>
              {inv.tenants.map((row) => (
                <tr key={row.customer_id} data-testid={`fleet-row-${row.subdomain}`}>
                  <td>{row.subdomain}</td>
                  <td>{row.version}</td>
                  <td>{row.layout === 'combined' ? t('layout_combined') : t('layout_classic')}</td>
                  <td>{inv.hosts.find((h) => h.id === row.host_id)?.name ?? row.host_id}</td>
                  <td className="small text-muted">{row.running.management ?? row.running.server ?? '—'}</td>
                  <td>
                    {row.pinned && <Badge bg="secondary" className="me-1">{t('pinned')}</Badge>}
                    {row.behind ? <Badge bg="warning" text="dark">{t('behind')}</Badge> : <Badge bg="success">{t('current')}</Badge>}
                  </td>
                  {canManage && (
                    <td className="text-end">
                      <Button
                        size="sm"
                        variant="outline-secondary"
                        disabled={pin.isPending || row.version === 'none'}
                        data-testid={`fleet-pin-${row.subdomain}`}
                        onClick={() => pin.mutate({ customerId: row.customer_id, images: row.pinned ? null : row.running })}
                      >
                        {row.pinned ? t('unpin') : t('pin')}
                      </Button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
      )}
      {canManage && inv && <PlanEditor inventory={inv} onStarted={(id) => setFollowed(id)} />}
      {current && <PlanLive planId={current} canManage={canManage} />}
    </>
  );
}
