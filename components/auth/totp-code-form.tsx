'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { Alert, Button, Form } from 'react-bootstrap';
import { confirmTotpAction, disableTotpAction } from '@/app/actions/totp';
import { useActionError } from './use-action-error';

interface Props {
  mode: 'confirm' | 'disable';
  onDone: (recoveryCodes?: string[]) => void;
}

/** One code field: confirms an enrolment, or turns the second factor off (a recovery code works there too). */
export function TotpCodeForm({ mode, onDone }: Props) {
  const t = useTranslations('totp');
  const [busy, setBusy] = useState(false);
  const { error, showError, clearError } = useActionError();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const code = String(new FormData(form).get('code') ?? '');
    setBusy(true);
    clearError();
    const result = mode === 'confirm' ? await confirmTotpAction({ code }) : await disableTotpAction({ code });
    setBusy(false);
    if (!result.ok) {
      showError(result.error.code);
      form.reset();
      return;
    }
    onDone('recovery_codes' in result.data ? result.data.recovery_codes : undefined);
  }

  return (
    <Form onSubmit={onSubmit} noValidate className="d-flex flex-wrap gap-2 align-items-end">
      {error && <Alert variant="danger" className="w-100 mb-2" data-testid="totp-code-error">{error}</Alert>}
      <Form.Group controlId={`totp-${mode}-code`}>
        <Form.Label>{mode === 'confirm' ? t('code_label') : t('disable_code_label')}</Form.Label>
        <Form.Control name="code" autoComplete="one-time-code" required maxLength={64} style={{ maxWidth: 220 }} />
      </Form.Group>
      <Button type="submit" variant={mode === 'confirm' ? 'primary' : 'outline-danger'} disabled={busy} data-testid={`totp-${mode}`}>
        {mode === 'confirm' ? t('confirm') : t('disable')}
      </Button>
    </Form>
  );
}
