'use client';

import { signIn } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button, Spinner } from 'react-bootstrap';
import type { SsoButton as SsoButtonInfo } from '@/lib/auth/sso/config';

/** "Sign in with Microsoft" (or the configured label): starts the issuer's sign-in in this tab. */
export function SsoButton({ sso }: { sso: SsoButtonInfo }) {
  const t = useTranslations('sso');
  const [busy, setBusy] = useState(false);
  const label = sso.label || (sso.provider === 'entra' ? t('button_entra') : t('button_oidc'));
  return (
    <>
      <Button
        variant="outline-primary"
        className="w-100"
        data-testid="sso-button"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          const callbackUrl = new URLSearchParams(window.location.search).get('callbackUrl') ?? '/';
          void signIn(sso.provider_id, { callbackUrl }).catch(() => setBusy(false));
        }}
      >
        {busy ? <Spinner size="sm" className="me-2" aria-hidden /> : <i className={`bi ${sso.provider === 'entra' ? 'bi-microsoft' : 'bi-box-arrow-in-right'} me-2`} aria-hidden />}
        {label}
      </Button>
      <div className="d-flex align-items-center my-3 text-body-secondary small" aria-hidden>
        <hr className="flex-grow-1" />
        <span className="mx-2">{t('or')}</span>
        <hr className="flex-grow-1" />
      </div>
    </>
  );
}

/** The login page's message for an `?error=` the SSO round trip came back with. */
export function ssoErrorKey(code: string | undefined): string | null {
  if (!code) return null;
  if (code === 'SSO_NOT_IN_GROUP' || code === 'SSO_ACCOUNT_DISABLED' || code === 'SSO_INVALID_PROFILE') return `errors.${code}`;
  // NextAuth's own codes (OAuthSignin, OAuthCallback, Callback, AccessDenied, …) mean the round trip failed.
  return 'errors.SSO_FAILED';
}
