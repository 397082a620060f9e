'use client';

import { useTranslations } from 'next-intl';
import { StatusBadge } from '@/components/ui/status-badge';

/** A customer's status as a coloured badge in the user's language. */
export function CustomerStatusBadge({ status }: { status: string }) {
  const t = useTranslations('customers.status');
  return (
    <span data-testid="customer-status">
      <StatusBadge status={status} label={t.has(status) ? t(status) : status} />
    </span>
  );
}
