'use client';

import { useFormatter, useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { Card, Col, ProgressBar, Row } from 'react-bootstrap';
import type { CustomerView } from '@/client/queries/use-customers';
import type { CustomerAbilities } from './abilities';
import { CopyField } from './copy-field';
import { CredentialsPanel } from './credentials-panel';
import { NetbirdCard } from './netbird-card';

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Card className="h-100" data-testid={testId}>
      <Card.Body>
        <h2 className="h6 text-body-secondary text-uppercase small mb-3">{title}</h2>
        {children}
      </Card.Body>
    </Card>
  );
}

function Item({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="mb-2">
      <div className="small text-body-secondary">{label}</div>
      <div className="text-break" data-testid={testId}>{children}</div>
    </div>
  );
}

/** Addresses to hand to the customer, credentials (admins), ports, images and device use. */
export function OverviewTab({ customer: c, abilities }: { customer: CustomerView; abilities: CustomerAbilities }) {
  const t = useTranslations('customers.overview');
  const format = useFormatter();
  const date = (iso: string) => format.dateTime(new Date(iso), { dateStyle: 'medium', timeStyle: 'short' });
  const used = c.peers.total ?? 0;
  return (
    <Row className="g-3" data-testid="overview-tab">
      <Col lg={6}>
        <Section title={t('access')} testId="overview-access">
          <CopyField label={t('url')} value={c.url} copyLabel={t('copyUrl')} href openLabel={t('openUrl', { url: c.url })} testId="customer-url" />
          <CopyField label={t('setupUrl')} value={c.setup_url} copyLabel={t('copySetupUrl')} testId="customer-setup-url" />
          {c.local_url && <CopyField label={t('localUrl')} value={c.local_url} copyLabel={t('copyUrl')} href openLabel={t('openUrl', { url: c.local_url })} testId="customer-local-url" />}
          {abilities.credentials && c.deployed_at && <div className="mt-3 pt-3 border-top"><CredentialsPanel customerId={c.id} /></div>}
        </Section>
      </Col>
      <Col lg={6}>
        <Section title={t('peers')} testId="overview-peers">
          <div className="fs-4 fw-semibold" data-testid="peers-used">{t('peersUsed', { total: format.number(used), max: format.number(c.max_devices) })}</div>
          <ProgressBar now={Math.min(100, (used / c.max_devices) * 100)} variant={used >= c.max_devices ? 'danger' : 'primary'} className="my-2" style={{ height: 8 }} aria-label={t('peersUsed', { total: used, max: c.max_devices })} />
          <div className="small text-body-secondary">
            {c.peers.connected !== null && <span className="me-2">{t('peersConnected', { connected: format.number(c.peers.connected) })}</span>}
            {c.peers.checked_at ? t('peersChecked', { time: format.relativeTime(new Date(c.peers.checked_at), new Date()) }) : t('peersUnknown')}
          </div>
        </Section>
      </Col>
      <Col xs={12}>
        <NetbirdCard customer={c} canRotate={abilities.credentials} canSetToken={abilities.write} />
      </Col>
      <Col md={6} lg={4}>
        <Section title={t('ports')}>
          <Item label={t('dashboardPort')} testId="dashboard-port">{c.dashboard_port ?? t('none')}</Item>
          <Item label={t('relayPort')} testId="relay-port">{c.relay_udp_port ?? t('none')}</Item>
          <Item label={t('layout')} testId="layout">{c.layout === 'combined' ? t('layoutCombined') : t('layoutClassic')}</Item>
          <Item label={t('deployedAt')}>{c.deployed_at ? date(c.deployed_at) : t('notDeployed')}</Item>
        </Section>
      </Col>
      <Col md={6} lg={4}>
        <Section title={t('images')}>
          {c.images ? (
            Object.entries(c.images).map(([service, image]) => (
              <Item key={service} label={service}><code className="small">{image ?? t('none')}</code></Item>
            ))
          ) : (
            <p className="mb-0">{t('notDeployed')}</p>
          )}
        </Section>
      </Col>
      <Col md={12} lg={4}>
        <Section title={t('contact')}>
          <Item label={t('contact')}><a href={`mailto:${c.email}`}>{c.email}</a></Item>
          <Item label={t('created')}>{date(c.created_at)}</Item>
          {c.notes && <Item label={t('notes')}><span style={{ whiteSpace: 'pre-wrap' }}>{c.notes}</span></Item>}
        </Section>
      </Col>
    </Row>
  );
}
