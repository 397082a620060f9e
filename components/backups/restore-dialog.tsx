'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Alert, Form } from 'react-bootstrap';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorAlert } from '@/components/ui/error-alert';
import { useRestore } from './use-backups';

interface Props {
  customerId: string;
  subdomain: string;
  snapshot: { id: string; short: string } | null;
  onDone: (customerId: string) => void;
  onCancel: () => void;
}

/** Restore in place or as a new customer; typing the subdomain confirms it. */
export function RestoreDialog({ customerId, subdomain, snapshot, onDone, onCancel }: Props) {
  const t = useTranslations('backups');
  const restore = useRestore(customerId);
  const [mode, setMode] = useState<'in_place' | 'new_customer'>('in_place');
  const [newSub, setNewSub] = useState('');
  const [typed, setTyped] = useState('');
  const word = mode === 'in_place' ? subdomain : newSub;
  const ready = Boolean(word) && typed === word;

  function confirm() {
    if (!snapshot || !ready) return;
    restore.mutate({ snapshot: snapshot.id, mode, subdomain: mode === 'new_customer' ? newSub : undefined }, { onSuccess: (r) => onDone(r.customer_id) });
  }

  return (
    <ConfirmDialog
      show={Boolean(snapshot)}
      title={t('restoreTitle', { id: snapshot?.short ?? '' })}
      confirmLabel={t('restore')}
      variant="warning"
      pending={restore.isPending}
      onCancel={onCancel}
      onConfirm={confirm}
      body={
        <Form onSubmit={(e) => { e.preventDefault(); confirm(); }}>
          <Form.Check type="radio" id="restore-in-place" name="mode" label={t('modeInPlace')} checked={mode === 'in_place'} onChange={() => setMode('in_place')} data-testid="restore-mode-in-place" />
          <Form.Check type="radio" id="restore-new" name="mode" label={t('modeNew')} checked={mode === 'new_customer'} onChange={() => setMode('new_customer')} data-testid="restore-mode-new" />
          {mode === 'new_customer' && (
            <>
              <Form.Group className="mt-2" controlId="restore-subdomain">
                <Form.Label>{t('newSubdomain')}</Form.Label>
                <Form.Control value={newSub} onChange={(e) => setNewSub(e.target.value.trim().toLowerCase())} data-testid="restore-subdomain" />
              </Form.Group>
              <Alert variant="warning" className="mt-2 small">{t('peersWarning')}</Alert>
            </>
          )}
          <Form.Group className="mt-3" controlId="restore-confirm">
            <Form.Label>{t('confirmType', { word: word || '…' })}</Form.Label>
            <Form.Control value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" data-testid="restore-confirm-input" />
          </Form.Group>
          {restore.error && <ErrorAlert error={restore.error} />}
        </Form>
      }
    />
  );
}
