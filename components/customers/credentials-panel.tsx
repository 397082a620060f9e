'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button } from 'react-bootstrap';
import { ErrorAlert } from '@/components/ui/error-alert';
import { useCustomerCredentials } from '@/client/queries/use-customer-credentials';
import { CopyField } from './copy-field';

/** The tenant owner's email and password, fetched only on request (admins; every reveal is audited). */
export function CredentialsPanel({ customerId, initiallyShown = false }: { customerId: string; initiallyShown?: boolean }) {
  const t = useTranslations('customers.credentials');
  const [shown, setShown] = useState(initiallyShown);
  const creds = useCustomerCredentials(customerId, shown);
  return (
    <section aria-labelledby="credentials-title" data-testid="credentials-panel">
      <div className="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-2">
        <h3 id="credentials-title" className="h6 mb-0">{t('title')}</h3>
        <Button size="sm" variant="outline-secondary" onClick={() => setShown((s) => !s)} aria-expanded={shown} data-testid="reveal-credentials">
          <i className={`bi ${shown ? 'bi-eye-slash' : 'bi-eye'} me-1`} aria-hidden />
          {shown ? t('hide') : t('reveal')}
        </Button>
      </div>
      {!shown && <p className="small text-body-secondary mb-0">{t('audited')}</p>}
      {shown && creds.isPending && <p role="status" className="small">{t('loading')}</p>}
      {shown && creds.error && <ErrorAlert error={creds.error} onRetry={() => creds.refetch()} />}
      {shown && creds.data && (
        creds.data.email || creds.data.password ? (
          <div data-testid="credentials">
            <CopyField label={t('email')} value={creds.data.email} copyLabel={t('copyEmail')} testId="credential-email" />
            <CopyField label={t('password')} value={creds.data.password} copyLabel={t('copyPassword')} testId="credential-password" />
          </div>
        ) : (
          <p className="small mb-0" data-testid="credentials">{t('none')}</p>
        )
      )}
    </section>
  );
}
