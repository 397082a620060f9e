'use client';

import type { ReactNode } from 'react';
import { Button, Modal } from 'react-bootstrap';
import { useTranslations } from 'next-intl';
import { SubmitButton } from './submit-button';

interface Props {
  show: boolean;
  title: string;
  body: ReactNode;
  confirmLabel: string;
  variant?: 'danger' | 'primary' | 'warning';
  pending?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Asks before a destructive step; Escape or Cancel backs out. */
export function ConfirmDialog({ show, title, body, confirmLabel, variant = 'danger', pending = false, onConfirm, onCancel }: Props) {
  const t = useTranslations('common');
  return (
    <Modal show={show} onHide={onCancel} centered aria-labelledby="confirm-title" data-testid="confirm-dialog">
      <Modal.Header closeButton closeLabel={t('close')}>
        <Modal.Title id="confirm-title" as="h2" className="h5">{title}</Modal.Title>
      </Modal.Header>
      <Modal.Body>{body}</Modal.Body>
      <Modal.Footer>
        <Button variant="secondary" onClick={onCancel} disabled={pending}>
          {t('cancel')}
        </Button>
        <SubmitButton type="button" variant={variant} pending={pending} onClick={onConfirm} data-testid="confirm-button">
          {confirmLabel}
        </SubmitButton>
      </Modal.Footer>
    </Modal>
  );
}
