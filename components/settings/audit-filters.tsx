'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { Button, Col, Form, Row } from 'react-bootstrap';
import type { AuditFilters as Filters } from '@/client/queries/use-audit';

type TextFilters = Omit<Filters, 'page' | 'per_page'>;
export const EMPTY_AUDIT_FILTERS: TextFilters = { actor: '', action: '', target: '', from: '', to: '' };

/** Filter inputs; applied on submit so typing does not fire a request per key. */
export function AuditFilters({ onApply }: { onApply: (filters: TextFilters) => void }) {
  const t = useTranslations('audit');
  const [draft, setDraft] = useState<TextFilters>(EMPTY_AUDIT_FILTERS);
  const set = (key: keyof TextFilters) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: e.target.value }));

  function apply(event: FormEvent) {
    event.preventDefault();
    // Dates are days in the browser; the end of the "to" day is included.
    onApply({ ...draft, from: draft.from ? new Date(`${draft.from}T00:00:00`).toISOString() : '', to: draft.to ? new Date(`${draft.to}T23:59:59.999`).toISOString() : '' });
  }

  return (
    <Form onSubmit={apply} className="mb-3" aria-label={t('filters')} data-testid="audit-filters">
      <Row className="g-2 align-items-end">
        {(['actor', 'action', 'target'] as const).map((key) => (
          <Col key={key} xs={12} sm={6} lg={2}>
            <Form.Label htmlFor={`audit-${key}`} className="small mb-1">{t(key)}</Form.Label>
            <Form.Control id={`audit-${key}`} size="sm" value={draft[key]} onChange={set(key)} placeholder={t(`${key}Placeholder`)} />
          </Col>
        ))}
        {(['from', 'to'] as const).map((key) => (
          <Col key={key} xs={6} lg={2}>
            <Form.Label htmlFor={`audit-${key}`} className="small mb-1">{t(key)}</Form.Label>
            <Form.Control id={`audit-${key}`} size="sm" type="date" value={draft[key]} onChange={set(key)} />
          </Col>
        ))}
        <Col xs={12} lg={2} className="d-flex gap-2">
          <Button type="submit" size="sm" data-testid="audit-apply">{t('apply')}</Button>
          <Button size="sm" variant="outline-secondary" onClick={() => { setDraft(EMPTY_AUDIT_FILTERS); onApply(EMPTY_AUDIT_FILTERS); }}>{t('reset')}</Button>
        </Col>
      </Row>
    </Form>
  );
}
