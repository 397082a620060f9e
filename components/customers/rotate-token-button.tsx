'use client';

import { useTranslations } from 'next-intl';
import { Button } from 'react-bootstrap';
import { useRotateNetbirdToken } from '@/client/queries/use-netbird-token';
import { ErrorAlert } from '@/components/ui/error-alert';

/** Admins: a new NetBird API token for the appliance now (the old one is deleted once the new one works). */
export function RotateTokenButton({ customerId }: { customerId: string }) {
  const t = useTranslations('customers.netbird');
  const rotate = useRotateNetbirdToken(customerId);
  return (
    <>
      <Button size="sm" variant="outline-secondary" disabled={rotate.isPending} onClick={() => rotate.mutate()} data-testid="netbird-rotate">
        <i className="bi bi-arrow-repeat me-1" aria-hidden />
        {rotate.isPending ? t('rotating') : t('rotate')}
      </Button>
      {rotate.isSuccess && <span className="small text-success ms-2" role="status" data-testid="netbird-rotated">{t('rotated')}</span>}
      {rotate.error && <ErrorAlert error={rotate.error} className="mt-2" />}
    </>
  );
}
