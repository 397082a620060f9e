'use client';

import { useTranslations } from 'next-intl';
import type { TotpEnrolment } from '@/lib/auth/totp/schemas';
import { TotpCodeForm } from './totp-code-form';

/** Scan or type the secret, then prove it works with one code. */
export function TotpEnrolPanel({ enrolment, onConfirmed }: { enrolment: TotpEnrolment; onConfirmed: (recoveryCodes: string[]) => void }) {
  const t = useTranslations('totp');
  return (
    <div data-testid="totp-enrolment">
      <p>{t('scan')}</p>
      <div className="d-flex flex-wrap gap-4 align-items-start mb-3">
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img src={enrolment.qr_code} alt={t('qr_alt')} width={220} height={220} className="border rounded" data-testid="totp-qr" />
        <div>
          <p className="small text-body-secondary mb-1">{t('manual')}</p>
          <code className="d-block user-select-all fs-6 text-break" data-testid="totp-secret">{enrolment.secret}</code>
        </div>
      </div>
      <TotpCodeForm mode="confirm" onDone={(codes) => onConfirmed(codes ?? [])} />
    </div>
  );
}
