'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button, ButtonGroup } from 'react-bootstrap';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { useToast } from '@/components/ui/toast-provider';
import { useErrorText } from '@/components/ui/use-error-text';
import { useOperateCustomer, type CustomerOperation, type CustomerView } from '@/client/queries/use-customers';

const ICONS: Record<CustomerOperation, string> = { start: 'bi-play-fill', stop: 'bi-stop-fill', restart: 'bi-arrow-repeat', deploy: 'bi-cloud-upload' };

/** Which operations make sense in a status; the server refuses a second job anyway (409). */
export function availableOperations(c: Pick<CustomerView, 'status' | 'active_job'>): CustomerOperation[] {
  if (c.active_job || c.status === 'deploying' || c.status === 'deleting') return [];
  if (c.status === 'active') return ['stop', 'restart', 'deploy'];
  if (c.status === 'inactive') return ['start', 'deploy'];
  if (c.status === 'error') return ['start', 'stop', 'deploy'];
  return ['deploy'];
}

interface Props {
  customer: CustomerView;
  operations: CustomerOperation[];
  /** Icon-only buttons (table rows); the label stays for screen readers. */
  compact?: boolean;
  size?: 'sm' | 'lg';
}

/** Start / stop / restart / redeploy with a confirmation for the disruptive ones and a toast on the outcome. */
export function OperationButtons({ customer, operations, compact = false, size = 'sm' }: Props) {
  const t = useTranslations('customers');
  const toast = useToast();
  const errorText = useErrorText();
  const operate = useOperateCustomer();
  const [confirming, setConfirming] = useState<CustomerOperation | null>(null);
  const possible = availableOperations(customer);

  async function run(operation: CustomerOperation) {
    try {
      await operate.mutateAsync({ id: customer.id, operation });
      toast.success(t('queued', { operation: t(`operations.${operation}`), name: customer.name }));
    } catch (err) {
      toast.error(errorText(err));
    } finally {
      setConfirming(null);
    }
  }

  return (
    <>
      <ButtonGroup size={size} aria-label={t('actionsFor', { name: customer.name })}>
        {operations.map((op) => {
          const label = t('operationFor', { operation: t(`operations.${op}`), name: customer.name });
          return (
            <Button
              key={op}
              variant="outline-secondary"
              disabled={!possible.includes(op) || operate.isPending}
              onClick={() => (op === 'start' ? run(op) : setConfirming(op))}
              aria-label={compact ? label : undefined}
              title={compact ? label : undefined}
              data-testid={`op-${op}`}
            >
              <i className={`bi ${ICONS[op]}`} aria-hidden />
              {!compact && <span className="ms-1">{t(`operations.${op}`)}</span>}
            </Button>
          );
        })}
      </ButtonGroup>
      <ConfirmDialog
        show={confirming !== null}
        title={confirming ? t('confirmTitle', { operation: t(`operations.${confirming}`), name: customer.name }) : ''}
        body={confirming ? t(`confirmBody.${confirming}`, { name: customer.name }) : ''}
        confirmLabel={confirming ? t(`operations.${confirming}`) : ''}
        variant={confirming === 'stop' ? 'danger' : 'warning'}
        pending={operate.isPending}
        onConfirm={() => confirming && run(confirming)}
        onCancel={() => setConfirming(null)}
      />
    </>
  );
}
