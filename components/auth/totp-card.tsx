'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Alert, Badge, Card } from 'react-bootstrap';
import type { TotpEnrolment, TotpStatus } from '@/lib/auth/totp/schemas';
import { startTotpEnrolmentAction } from '@/app/actions/totp';
import { TotpCodeForm } from './totp-code-form';
import { TotpEnrolPanel } from './totp-enrol-panel';
import { useActionError } from './use-action-error';

/** The profile page's second-factor card: status, enrolment, recovery codes once, turning it off. */
export function TotpCard({ status }: { status: TotpStatus }) {
  const t = useTranslations('totp');
  const router = useRouter();
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const { error, showError, clearError } = useActionError();

  async function start() {
    setBusy(true);
    clearError();
    const result = await startTotpEnrolmentAction();
    setBusy(false);
    if (result.ok) setEnrolment(result.data);
    else showError(result.error.code);
  }

  return (
    <Card style={{ maxWidth: 640 }} data-testid="totp-card">
      <Card.Header className="d-flex justify-content-between align-items-center">
        <span>{t('title')}</span>
        <Badge bg={status.enabled ? 'success' : 'secondary'} data-testid="totp-status">
          {status.enabled ? t('status_on') : t('status_off')}
        </Badge>
      </Card.Header>
      <Card.Body>
        {error && <Alert variant="danger" data-testid="totp-error">{error}</Alert>}
        {!status.available && <p className="mb-0">{t('not_available')}</p>}
        {recoveryCodes && (
          <Alert variant="warning" data-testid="recovery-codes">
            <p className="fw-semibold">{t('recovery_title')}</p>
            <p>{t('recovery_hint')}</p>
            <ul className="font-monospace mb-2 list-unstyled row row-cols-2">
              {recoveryCodes.map((code) => (
                <li key={code} className="col" data-testid="recovery-code">{code}</li>
              ))}
            </ul>
            <button type="button" className="btn btn-sm btn-outline-dark" onClick={() => { setRecoveryCodes(null); router.refresh(); }}>
              {t('recovery_done')}
            </button>
          </Alert>
        )}
        {status.available && !status.enabled && !recoveryCodes && !enrolment && (
          <>
            <p>{t('intro')}</p>
            <button type="button" className="btn btn-primary" onClick={start} disabled={busy} data-testid="totp-start">
              {t('enable')}
            </button>
          </>
        )}
        {enrolment && !recoveryCodes && (
          <TotpEnrolPanel
            enrolment={enrolment}
            onConfirmed={(codes) => {
              setEnrolment(null);
              setRecoveryCodes(codes);
            }}
          />
        )}
        {status.enabled && !recoveryCodes && (
          <>
            <p>{t('enabled_intro', { count: status.recovery_codes_left })}</p>
            <TotpCodeForm mode="disable" onDone={() => router.refresh()} />
          </>
        )}
      </Card.Body>
    </Card>
  );
}
