'use client';

import { useTranslations } from 'next-intl';

interface Props {
  sampledAt: string | null;
  ageSeconds: number | null;
  sampling?: boolean;
  error?: string | null;
}

/** Says how old the figures are, so nobody mistakes a stale sample for live data. */
export function SampleAgeNote({ sampledAt, ageSeconds, sampling, error }: Props) {
  const t = useTranslations('monitoring');
  return (
    <span className="text-body-secondary" data-testid="sample-age">
      {sampledAt === null || ageSeconds === null ? t('age.none') : t('age.seconds', { seconds: ageSeconds })}
      {sampling && <span className="ms-2">{t('age.sampling')}</span>}
      {error && (
        <span className="ms-2 text-danger" title={error}>
          <i className="bi bi-exclamation-triangle me-1" aria-hidden="true" />
          {t('age.failed')}
        </span>
      )}
    </span>
  );
}
