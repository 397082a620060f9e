'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button, Form, Modal } from 'react-bootstrap';
import { SubmitButton } from '@/components/ui/submit-button';
import { useToast } from '@/components/ui/toast-provider';
import { useErrorText } from '@/components/ui/use-error-text';
import { useDeleteCustomer } from '@/client/queries/use-customers';

interface Props {
  customer: { id: string; name: string; subdomain: string } | null;
  onClose: () => void;
  onDeleted?: () => void;
}

/** Deleting removes a customer's data for good, so the operator types its subdomain first. */
export function DeleteCustomerDialog({ customer, onClose, onDeleted }: Props) {
  const t = useTranslations('customers.settings');
  const tc = useTranslations('common');
  const toast = useToast();
  const errorText = useErrorText();
  const remove = useDeleteCustomer();
  const [typed, setTyped] = useState('');
  const matches = customer !== null && typed.trim() === customer.subdomain;

  function close() {
    setTyped('');
    onClose();
  }

  async function confirm() {
    if (!customer || !matches) return;
    try {
      await remove.mutateAsync(customer.id);
      toast.success(t('deleteQueued', { name: customer.name }));
      close();
      onDeleted?.();
    } catch (err) {
      toast.error(errorText(err));
    }
  }

  // The confirm button stays disabled until the subdomain is typed; Cancel always works (the shared dialog ties both to one flag).
  return (
    <Modal show={customer !== null} onHide={close} centered aria-labelledby="delete-customer-title" data-testid="delete-dialog">
      <Form
        onSubmit={(e) => {
          e.preventDefault();
          void confirm();
        }}
      >
        <Modal.Header closeButton closeLabel={tc('close')}>
          <Modal.Title id="delete-customer-title" as="h2" className="h5">
            {customer ? t('deleteTitle', { name: customer.name }) : ''}
          </Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <p>{customer ? t('deleteBody', { name: customer.name }) : ''}</p>
          <Form.Group controlId="delete-confirm-input">
            <Form.Label>{customer ? t('typeToConfirm', { subdomain: customer.subdomain }) : ''}</Form.Label>
            <Form.Control value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} autoFocus data-testid="delete-confirm-input" />
          </Form.Group>
        </Modal.Body>
        <Modal.Footer>
          <Button variant="secondary" onClick={close} disabled={remove.isPending}>
            {tc('cancel')}
          </Button>
          <SubmitButton variant="danger" pending={remove.isPending} disabled={!matches || remove.isPending} data-testid="delete-confirm-button">
            {t('dangerTitle')}
          </SubmitButton>
        </Modal.Footer>
      </Form>
    </Modal>
  );
}
