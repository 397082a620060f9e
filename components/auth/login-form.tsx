'use client';

import { signIn } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { Alert, Button, Form, Spinner } from 'react-bootstrap';
import { safeCallbackPath } from '@/lib/auth/safe-callback';
import type { SsoButton as SsoButtonInfo } from '@/lib/auth/sso/config';
import { SsoButton, ssoErrorKey } from './sso-button';

interface Props {
  sso?: SsoButtonInfo;
  /** `?error=` from a failed SSO round trip. */
  initialError?: string;
}

export function LoginForm({ sso, initialError }: Props) {
  const t = useTranslations('login');
  const te = useTranslations('errors');
  const tt = useTranslations('totp');
  const ts = useTranslations('sso');
  const initialKey = ssoErrorKey(initialError);
  const [error, setError] = useState<string | null>(initialKey ? ts(initialKey) : null);
  const [needsCode, setNeedsCode] = useState(false);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const result = await signIn('credentials', {
      redirect: false,
      username: String(form.get('username') ?? ''),
      password: String(form.get('password') ?? ''),
      totp_code: String(form.get('totp_code') ?? ''),
    }).catch(() => ({ ok: false, error: 'NETWORK' }));
    setBusy(false);
    if (result?.ok && !result.error) {
      // Only a path on this origin: never another site, never javascript: (open redirect, DOM XSS).
      window.location.assign(safeCallbackPath(new URLSearchParams(window.location.search).get('callbackUrl')));
      return;
    }
    const code = result?.error ?? 'INTERNAL';
    if (code === 'TOTP_REQUIRED') {
      // Nothing is signed in yet: the password is sent again together with the code.
      setNeedsCode(true);
      setError(null);
      return;
    }
    if (code === 'INVALID_TOTP') {
      const field = formElement.elements.namedItem('totp_code');
      if (field instanceof HTMLInputElement) field.value = '';
    }
    setError(te.has(code) ? te(code) : te('INVALID_CREDENTIALS'));
  }

  return (
    <>
      {error && (
        <Alert variant="danger" role="alert" data-testid="login-error">
          {error}
        </Alert>
      )}
      {sso?.enabled && !needsCode && <SsoButton sso={sso} />}
      <Form onSubmit={onSubmit} noValidate>
        <Form.Group className="mb-3" controlId="username" hidden={needsCode}>
          <Form.Label>{t('username')}</Form.Label>
          <Form.Control name="username" autoComplete="username" required autoFocus />
        </Form.Group>
        <Form.Group className="mb-3" controlId="password" hidden={needsCode}>
          <Form.Label>{t('password')}</Form.Label>
          <Form.Control name="password" type="password" autoComplete="current-password" required />
        </Form.Group>
        {needsCode && (
          <Form.Group className="mb-3" controlId="totp_code">
            <Form.Label>{t('totp')}</Form.Label>
            <Form.Control name="totp_code" inputMode="text" autoComplete="one-time-code" autoFocus required data-testid="totp-code" />
            <Form.Text>{tt('login_hint')}</Form.Text>
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
    </>
  );
}
