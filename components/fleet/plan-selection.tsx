'use client';

import { useTranslations } from 'next-intl';
import { Col, Form, Row } from 'react-bootstrap';
import type { FleetInventory } from '@/client/queries/use-fleet';
import { isLayout, type Layout } from '@/lib/netbird/layout';

/** Which tenants a plan takes: all, or narrowed by a list, a subdomain prefix, a host, a host label and a layout. */
export interface PlanSelection {
  customer_ids: string[];
  subdomain_prefix: string;
  host_id: string;
  host_label: string;
  layout: '' | Layout;
}

export const EMPTY_SELECTION: PlanSelection = { customer_ids: [], subdomain_prefix: '', host_id: '', host_label: '', layout: '' };

/** The API's fields for a selection: a filter left empty is left out (every tenant). */
export function selectionBody(s: PlanSelection): Record<string, unknown> {
  return {
    ...(s.customer_ids.length ? { customer_ids: s.customer_ids } : {}),
    ...(s.subdomain_prefix.trim() ? { subdomain_prefix: s.subdomain_prefix.trim() } : {}),
    ...(s.host_id ? { host_ids: [s.host_id] } : {}),
    ...(s.host_label ? { host_labels: [s.host_label] } : {}),
    ...(s.layout ? { layout: s.layout } : {}),
  };
}

export function PlanSelectionFields({ inventory, value, onChange }: { inventory: FleetInventory; value: PlanSelection; onChange: (s: PlanSelection) => void }) {
  const t = useTranslations('fleet');
  const labels = [...new Set(inventory.hosts.flatMap((h) => h.labels))].sort();
  return (
    <Row className="g-2 mb-2">
      <Col md={2}>
        <Form.Group controlId="plan-host">
          <Form.Label className="small mb-0">{t('field_host')}</Form.Label>
          <Form.Select size="sm" value={value.host_id} onChange={(e) => onChange({ ...value, host_id: e.target.value })}>
            <option value="">{t('anyHost')}</option>
            {inventory.hosts.map((h) => (
              <option key={h.id} value={h.id}>
                {h.name}
              </option>
            ))}
          </Form.Select>
        </Form.Group>
      </Col>
      <Col md={2}>
        <Form.Group controlId="plan-label">
          <Form.Label className="small mb-0">{t('field_label')}</Form.Label>
          <Form.Select size="sm" value={value.host_label} onChange={(e) => onChange({ ...value, host_label: e.target.value })}>
            <option value="">{t('anyLabel')}</option>
            {labels.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </Form.Select>
        </Form.Group>
      </Col>
      <Col md={2}>
        <Form.Group controlId="plan-layout">
          <Form.Label className="small mb-0">{t('field_layout')}</Form.Label>
          <Form.Select size="sm" value={value.layout} onChange={(e) => onChange({ ...value, layout: isLayout(e.target.value) ? e.target.value : '' })} data-testid="plan-layout">
            <option value="">{t('anyLayout')}</option>
            <option value="classic">{t('layout_classic')}</option>
            <option value="combined">{t('layout_combined')}</option>
          </Form.Select>
        </Form.Group>
      </Col>
      <Col md={2}>
        <Form.Group controlId="plan-prefix">
          <Form.Label className="small mb-0">{t('field_prefix')}</Form.Label>
          <Form.Control size="sm" value={value.subdomain_prefix} onChange={(e) => onChange({ ...value, subdomain_prefix: e.target.value })} />
        </Form.Group>
      </Col>
      <Col md={4}>
        <Form.Group controlId="plan-customers">
          <Form.Label className="small mb-0">{t('field_customers')}</Form.Label>
          <Form.Select
            size="sm"
            multiple
            htmlSize={3}
            value={value.customer_ids}
            onChange={(e) => onChange({ ...value, customer_ids: [...e.target.selectedOptions].map((o) => o.value) })}
          >
            {inventory.tenants.map((row) => (
              <option key={row.customer_id} value={row.customer_id}>
                {row.subdomain}
              </option>
            ))}
          </Form.Select>
        </Form.Group>
      </Col>
    </Row>
  );
}
