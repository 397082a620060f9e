'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button, Card, Form } from 'react-bootstrap';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorAlert } from '@/components/ui/error-alert';
import { useToast } from '@/components/ui/toast-provider';
import { useAdoptProxyHost } from '@/client/queries/use-npm';
import type { CustomerView } from '@/client/queries/use-customers';

/**
 * Admins only: lets the appliance manage a proxy host that was made by hand
 * in NPM (a deploy refuses to touch it and names its id). Once adopted, the
 * host is rewritten by every deploy and deleted with the customer.
 */
export function AdoptProxyHostCard({ customer }: { customer: CustomerView }) {
  const t = useTranslations('customers.settings');
  const toast = useToast();
  const adopt = useAdoptProxyHost();
  const [hostId, setHostId] = useState('');
  const [confirming, setConfirming] = useState(false);
  const id = Number(hostId);
  const valid = Number.isInteger(id) && id > 0;

  async function run() {
    try {
      const result = await adopt.mutateAsync({ customerId: customer.id, hostId: id });
      toast.success(t('adoptDone', { id: result.host_id, domain: result.domain }));
      setHostId('');
    } catch {
      // Shown below the form by ErrorAlert.
    } finally {
      setConfirming(false);
    }
  }

  return (
    <Card>
      <Card.Body>
        <h2 className="h5">{t('adoptTitle')}</h2>
        <p className="text-body-secondary">{t('adoptHelp')}</p>
        <Form
          className="d-flex gap-2 align-items-end"
          onSubmit={(e) => {
            e.preventDefault();
            if (valid) setConfirming(true);
          }}
        >
          <Form.Group controlId={`adopt-host-${customer.id}`}>
            <Form.Label>{t('adoptHostId')}</Form.Label>
            <Form.Control inputMode="numeric" value={hostId} onChange={(e) => setHostId(e.target.value.trim())} data-testid="adopt-host-id" />
          </Form.Group>
          <Button type="submit" variant="outline-warning" disabled={!valid || adopt.isPending || Boolean(customer.active_job)} data-testid="adopt-host">
            <i className="bi bi-box-arrow-in-down me-1" aria-hidden />
            {t('adoptButton')}
          </Button>
        </Form>
        {adopt.error && <ErrorAlert className="mt-2" error={adopt.error} />}
      </Card.Body>
      <ConfirmDialog
        show={confirming}
        title={t('adoptConfirmTitle', { id })}
        body={t('adoptConfirmBody', { id, name: customer.name })}
        confirmLabel={t('adoptButton')}
        variant="warning"
        pending={adopt.isPending}
        onConfirm={run}
        onCancel={() => setConfirming(false)}
      />
    </Card>
  );
}
