'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button } from 'react-bootstrap';
import type { CustomerAbilities } from '@/components/customers/abilities';
import { DeleteCustomerDialog } from '@/components/customers/delete-customer-dialog';
import { OperationButtons } from '@/components/customers/operation-buttons';
import type { CustomerView } from '@/client/queries/use-customers';

/** The row's buttons, only those the user's role allows (the server refuses the rest anyway). */
export function CustomerRowActions({ customer, abilities }: { customer: CustomerView; abilities: CustomerAbilities }) {
  const t = useTranslations('customers');
  const [deleting, setDeleting] = useState(false);
  const busy = Boolean(customer.active_job) || customer.status === 'deleting';
  return (
    <div className="d-inline-flex gap-1">
      {abilities.operate && <OperationButtons customer={customer} operations={['start', 'stop', 'restart', 'deploy']} compact />}
      {abilities.write && (
        <Button
          size="sm"
          variant="outline-danger"
          disabled={busy}
          onClick={() => setDeleting(true)}
          aria-label={t('operationFor', { operation: t('operations.delete'), name: customer.name })}
          title={t('operationFor', { operation: t('operations.delete'), name: customer.name })}
          data-testid="op-delete"
        >
          <i className="bi bi-trash" aria-hidden />
        </Button>
      )}
      <DeleteCustomerDialog customer={deleting ? customer : null} onClose={() => setDeleting(false)} />
    </div>
  );
}
