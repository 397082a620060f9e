'use client';

import { signIn } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { Alert, Button, Form, Spinner } from 'react-bootstrap';

export function LoginForm() {
  const t = useTranslations('login');
  const te = useTranslations('errors');
  const [error, setError] = useState<string | null>(null);
  const [needsCode, setNeedsCode] = useState(false);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const form = new FormData(event.currentTarget);
    const result = await signIn('credentials', {
      redirect: false,
      username: String(form.get('username') ?? ''),
      password: String(form.get('password') ?? ''),
      totp_code: String(form.get('totp_code') ?? ''),
    }).catch(() => ({ ok: false, error: 'NETWORK' }));
    setBusy(false);
    if (result?.ok && !result.error) {
      window.location.assign(new URLSearchParams(window.location.search).get('callbackUrl') ?? '/');
      return;
    }
    const code = result?.error ?? 'INTERNAL';
    if (code === 'TOTP_REQUIRED') setNeedsCode(true);
    setError(te.has(code) ? te(code) : te('INVALID_CREDENTIALS'));
  }

  return (
    <Form onSubmit={onSubmit} noValidate>
      {error && (
        <Alert variant="danger" role="alert" data-testid="login-error">
          {error}
        </Alert>
      )}
      <Form.Group className="mb-3" controlId="username">
        <Form.Label>{t('username')}</Form.Label>
        <Form.Control name="username" autoComplete="username" required autoFocus />
      </Form.Group>
      <Form.Group className="mb-3" controlId="password">
        <Form.Label>{t('password')}</Form.Label>
        <Form.Control name="password" type="password" autoComplete="current-password" required />
      </Form.Group>
      {needsCode && (
        <Form.Group className="mb-3" controlId="totp_code">
          <Form.Label>{t('totp')}</Form.Label>
          <Form.Control name="totp_code" inputMode="numeric" autoComplete="one-time-code" autoFocus />
        </Form.Group>
      )}
      <Button type="submit" className="w-100" disabled={busy}>
        {busy ? (
          <>
            <Spinner size="sm" className="me-2" aria-hidden /> {t('submitting')}
          </>
        ) : (
          t('submit')
        )}
      </Button>
    </Form>
  );
}
