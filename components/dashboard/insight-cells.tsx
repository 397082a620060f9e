'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { Badge } from 'react-bootstrap';
import type { CustomerView } from '@/client/queries/use-customers';

/** The list's NetBird cells: peers online (flagged over max devices) and whether NetBird has an update. */
export function InsightCells({ customer: c }: { customer: CustomerView }) {
  const t = useTranslations('dashboard.insight');
  const format = useFormatter();
  const n = c.netbird;
  return (
    <>
      <td className="d-none d-lg-table-cell small text-nowrap" data-testid="cell-peers-online">
        {n.peers_connected === null ? '–' : t('online', { connected: format.number(n.peers_connected), total: format.number(n.peers_total ?? 0) })}
        {n.over_max_devices && <Badge bg="danger" className="ms-1" title={t('overDevicesHelp', { max: c.max_devices })}>{t('overDevices')}</Badge>}
        {n.stale && <i className="bi bi-exclamation-triangle text-warning ms-1" title={t('stale', { reason: n.stale.reason })} aria-label={t('stale', { reason: n.stale.reason })} />}
      </td>
      <td className="d-none d-xl-table-cell small" data-testid="cell-update">
        {n.update_available ? <Badge bg="info">{n.available_version ?? t('yes')}</Badge> : n.management_version ?? '–'}
      </td>
    </>
  );
}
