'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { Card, Col, ProgressBar, Row } from 'react-bootstrap';
import { useCustomerCapacity } from '@/client/queries/use-customer-capacity';

interface Props {
  counts: Record<string, number> | undefined;
  showCapacity: boolean;
}

const CARDS = [
  { key: 'total', icon: 'bi-people', tone: 'primary' },
  { key: 'active', icon: 'bi-check-circle', tone: 'success' },
  { key: 'inactive', icon: 'bi-pause-circle', tone: 'secondary' },
  { key: 'error', icon: 'bi-exclamation-triangle', tone: 'danger' },
] as const;

/** Counts by status over all customers (not just the page shown), and the host's port capacity. */
export function SummaryCards({ counts, showCapacity }: Props) {
  const t = useTranslations('dashboard.cards');
  const td = useTranslations('dashboard');
  const format = useFormatter();
  const capacity = useCustomerCapacity(showCapacity);
  const busy = (counts?.deploying ?? 0) + (counts?.deleting ?? 0);
  return (
    <Row xs={2} md={showCapacity ? 5 : 4} className="g-3 mb-4" as="section" aria-label={td('summaryLabel')}>
      {CARDS.map((c) => (
        <Col key={c.key}>
          <Card className="h-100" data-testid={`card-${c.key}`}>
            <Card.Body>
              <div className="text-body-secondary small d-flex align-items-center gap-1">
                <i className={`bi ${c.icon} text-${c.tone}`} aria-hidden />
                {t(c.key)}
              </div>
              <div className="fs-3 fw-semibold" data-testid="card-value">{counts ? format.number(counts[c.key] ?? 0) : '…'}</div>
              {c.key === 'total' && busy > 0 && <div className="small text-body-secondary">{t('busy', { count: busy })}</div>}
            </Card.Body>
          </Card>
        </Col>
      ))}
      {showCapacity && (
        <Col xs={12} md>
          <Card className="h-100" data-testid="card-capacity">
            <Card.Body>
              <div className="text-body-secondary small d-flex align-items-center gap-1">
                <i className="bi bi-hdd-stack text-info" aria-hidden />
                {t('capacity')}
              </div>
              <div className="fs-3 fw-semibold">
                {capacity.data !== undefined ? t('capacityValue', { used: format.number(capacity.data.running), max: format.number(capacity.data.max) }) : '…'}
              </div>
              {capacity.data?.max ? (
                <ProgressBar now={Math.min(100, (capacity.data.running / capacity.data.max) * 100)} style={{ height: 6 }} aria-label={t('capacityHelp')} />
              ) : null}
              <div className="small text-body-secondary mt-1">{t('capacityHelp')}</div>
            </Card.Body>
          </Card>
        </Col>
      )}
    </Row>
  );
}
