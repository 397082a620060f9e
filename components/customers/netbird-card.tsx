'use client';

import { useFormatter, useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { Alert, Badge, Card, Col, Row } from 'react-bootstrap';
import type { CustomerView } from '@/client/queries/use-customers';
import { NetbirdTokenForm } from './netbird-token-form';
import { RotateTokenButton } from './rotate-token-button';

function Figure({ label, children, testId }: { label: string; children: ReactNode; testId: string }) {
  return (
    <Col xs={6} md={4} xl={2}>
      <div className="small text-body-secondary">{label}</div>
      <div className="fw-semibold text-break" data-testid={testId}>{children}</div>
    </Col>
  );
}

/** What the tenant's NetBird API said at the last background read; stale figures are marked, never shown as current. */
export function NetbirdCard({ customer: c, canRotate, canSetToken }: { customer: CustomerView; canRotate: boolean; canSetToken: boolean }) {
  const t = useTranslations('customers.netbird');
  const format = useFormatter();
  const n = c.netbird;
  const num = (v: number | null) => (v === null ? '–' : format.number(v));
  const when = (iso: string | null) => (iso ? format.dateTime(new Date(iso), { dateStyle: 'medium', timeStyle: 'short' }) : t('never'));
  return (
    <Card data-testid="netbird-card">
      <Card.Body>
        <div className="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-3">
          <h2 className="h6 text-body-secondary text-uppercase small mb-0">{t('title')}</h2>
          <span className="small text-body-secondary" data-testid="netbird-gathered">{n.gathered_at ? t('gathered', { time: when(n.gathered_at) }) : t('notGathered')}</span>
        </div>
        {n.stale && (
          <Alert variant="warning" className="py-2 small" data-testid="netbird-stale">
            <span className="fw-semibold">{t('stale', { since: when(n.stale.since) })}</span> {n.stale.reason}
          </Alert>
        )}
        <Row className="g-3 mb-3">
          <Figure label={t('peers')} testId="netbird-peers">
            {t('peersValue', { connected: num(n.peers_connected), total: num(n.peers_total) })}
            {n.over_max_devices && <Badge bg="danger" className="ms-2" data-testid="netbird-over-devices">{t('overDevices', { max: c.max_devices })}</Badge>}
          </Figure>
          <Figure label={t('lastSeen')} testId="netbird-last-seen">{when(n.last_seen_at)}</Figure>
          <Figure label={t('users')} testId="netbird-users">{num(n.users)}</Figure>
          <Figure label={t('setupKeys')} testId="netbird-setup-keys">{n.setup_keys === null ? '–' : t('setupKeysValue', { valid: n.setup_keys_valid ?? 0, total: n.setup_keys })}</Figure>
          <Figure label={t('managementVersion')} testId="netbird-version">
            {n.management_version ?? '–'}
            {n.update_available && <Badge bg="info" className="ms-2" data-testid="netbird-update">{n.available_version ? t('updateTo', { version: n.available_version }) : t('update')}</Badge>}
          </Figure>
          <Figure label={t('tokenExpires')} testId="netbird-token-expiry">{n.token.expires_at ? when(n.token.expires_at) : t('noToken')}</Figure>
        </Row>
        <div className="small text-body-secondary mb-1">{t('clientVersions')}</div>
        <ul className="list-inline mb-0" data-testid="netbird-versions">
          {n.client_versions.length === 0 && <li className="list-inline-item text-body-secondary">{t('noPeers')}</li>}
          {n.client_versions.map((v) => (
            <li key={v.version} className="list-inline-item"><Badge bg="secondary">{t('versionCount', { version: v.version, peers: v.peers })}</Badge></li>
          ))}
        </ul>
        {n.token.error && <p className="small text-danger-emphasis mt-3 mb-0" data-testid="netbird-token-error">{n.token.error}</p>}
        {canRotate && c.deployed_at && <div className="mt-3"><RotateTokenButton customerId={c.id} /></div>}
        {/* No token of its own (the customer set the owner up) or one NetBird refuses: a pasted one helps. */}
        {canSetToken && c.deployed_at && (!n.token.expires_at || n.token.error) && <NetbirdTokenForm customerId={c.id} />}
      </Card.Body>
    </Card>
  );
}
