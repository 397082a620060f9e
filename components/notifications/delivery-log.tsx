'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { Badge, Button, Card, Table } from 'react-bootstrap';
import { useDeliveries } from '@/client/queries/use-notifications';
import { ErrorAlert } from '@/components/ui/error-alert';

const STATE_COLOUR: Record<string, string> = { sent: 'success', pending: 'warning', sending: 'info', dead: 'danger' };

export function DeliveryLog() {
  const t = useTranslations('notifications');
  const format = useFormatter();
  const log = useDeliveries();
  const items = log.data?.items ?? [];
  const eventLabel = (kind: string) => (kind === 'test' ? t('phases.test') : t(`eventKinds.${kind.replace('.', '_')}`));
  return (
    <Card>
      <Card.Body>
        <div className="d-flex justify-content-between align-items-center mb-2">
          <h2 className="h5 mb-0">{t('deliveriesTitle')}</h2>
          <Button size="sm" variant="outline-secondary" onClick={() => log.refetch()}>{t('refresh')}</Button>
        </div>
        {log.error && <ErrorAlert error={log.error} onRetry={() => log.refetch()} />}
        {items.length === 0 && !log.isPending ? (
          <p className="mb-0">{t('noDeliveries')}</p>
        ) : (
          <Table responsive size="sm" className="align-middle mb-0" data-testid="delivery-log">
            <thead>
              <tr>
                <th>{t('time')}</th>
                <th>{t('channel')}</th>
                <th>{t('event')}</th>
                <th>{t('phase')}</th>
                <th>{t('state')}</th>
                <th>{t('attempts')}</th>
                <th>{t('status')}</th>
                <th>{t('error')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id} data-testid="delivery-row">
                  <td className="text-nowrap">{format.dateTime(new Date(d.created_at), { dateStyle: 'short', timeStyle: 'medium' })}</td>
                  <td>{d.channel_name}</td>
                  <td>{eventLabel(d.event_kind)}{d.subject ? `: ${d.subject}` : ''}</td>
                  <td>{t(`phases.${d.phase}`)}</td>
                  <td><Badge bg={STATE_COLOUR[d.state] ?? 'secondary'}>{t(`states.${d.state}`)}</Badge></td>
                  <td>{d.attempts}</td>
                  <td>{d.last_status ?? '–'}</td>
                  <td className="text-break small">{d.last_error ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card.Body>
    </Card>
  );
}
