'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button, Card, Form } from 'react-bootstrap';
import type { CustomerView } from '@/client/queries/use-customers';
import { useHosts } from '@/client/queries/use-hosts';
import { useCustomerMove, useMoveCustomer } from '@/client/queries/use-moves';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorAlert } from '@/components/ui/error-alert';
import { useToast } from '@/components/ui/toast-provider';
import { LastMove } from './last-move';

/**
 * Admins: move the tenant to another Docker host. The job's steps show live in the running-job
 * card above the tabs; the latest move (and its measured downtime) is shown here.
 */
export function MoveTenantCard({ customer }: { customer: CustomerView }) {
  const t = useTranslations('moves');
  const toast = useToast();
  const hosts = useHosts();
  const status = useCustomerMove(customer.id);
  const move = useMoveCustomer();
  const [hostId, setHostId] = useState('');
  const [confirming, setConfirming] = useState(false);
  const current = status.data?.host_id ?? null;
  const name = (id: string | null) => (id === 'local' ? t('localHost') : (hosts.data?.items.find((h) => h.id === id)?.name ?? id ?? '–'));
  const choices = (hosts.data?.items ?? []).filter((h) => h.id !== current);
  const chosen = choices.find((h) => h.id === hostId);
  const busy = Boolean(customer.active_job) || customer.status === 'deploying' || customer.status === 'deleting';

  async function run() {
    try {
      await move.mutateAsync({ id: customer.id, hostId });
      toast.success(t('queued', { name: customer.name, host: name(hostId) }));
      setHostId('');
    } catch {
      // Shown below the form by ErrorAlert.
    } finally {
      setConfirming(false);
    }
  }

  return (
    <Card data-testid="move-card">
      <Card.Body>
        <h2 className="h5">{t('title')}</h2>
        <p className="text-body-secondary">{t('help')}</p>
        <p className="small" data-testid="move-current-host">{t('currentHost', { host: name(current) })}</p>
        <Form
          className="d-flex flex-wrap gap-2 align-items-end"
          onSubmit={(e) => {
            e.preventDefault();
            if (chosen) setConfirming(true);
          }}
        >
          <Form.Group controlId={`move-host-${customer.id}`}>
            <Form.Label>{t('target')}</Form.Label>
            <Form.Select value={hostId} onChange={(e) => setHostId(e.target.value)} data-testid="move-host-select">
              <option value="">{t('choose')}</option>
              {choices.map((h) => (
                <option key={h.id} value={h.id} disabled={h.state !== 'ready'}>
                  {h.state === 'ready' ? name(h.id) : t('hostNotReady', { host: name(h.id), state: t(`hostStates.${h.state}`) })}
                </option>
              ))}
            </Form.Select>
          </Form.Group>
          <Button type="submit" variant="outline-primary" disabled={!chosen || move.isPending || busy} data-testid="move-tenant">
            <i className="bi bi-arrow-left-right me-1" aria-hidden />
            {t('move')}
          </Button>
        </Form>
        {move.error && <ErrorAlert className="mt-2" error={move.error} />}
        {status.data?.move && <LastMove move={status.data.move} hostName={name} />}
      </Card.Body>
      <ConfirmDialog
        show={confirming}
        title={t('confirmTitle', { name: customer.name, host: name(hostId) })}
        body={t('confirmBody', { name: customer.name, host: name(hostId) })}
        confirmLabel={t('move')}
        variant="warning"
        pending={move.isPending}
        onConfirm={run}
        onCancel={() => setConfirming(false)}
      />
    </Card>
  );
}
