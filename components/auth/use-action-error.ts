'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';

const OWN_CODES = new Set(['TOTP_ALREADY_ENABLED', 'TOTP_NOT_ENABLED', 'TOTP_NOT_LOCAL']);

/** An action's error code as a message in the user's language: second-factor codes first, then the shared ones. */
export function useActionError() {
  const t = useTranslations('totp');
  const te = useTranslations('errors');
  const [error, setError] = useState<string | null>(null);
  function showError(code: string) {
    if (OWN_CODES.has(code)) setError(t(`errors.${code}`));
    else setError(te.has(code) ? te(code) : te('INTERNAL'));
  }
  return { error, showError, clearError: () => setError(null) };
}
