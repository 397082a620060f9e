'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { Col, Form, InputGroup, Row } from 'react-bootstrap';
import { CUSTOMER_STATUSES } from '@/lib/customers/schemas';
import type { HostChoice } from '@/lib/hosts/host-choices';

interface Props {
  search: string;
  status: string;
  onSearch: (value: string) => void;
  onStatus: (value: string) => void;
  /** Docker hosts to filter by; empty (one host) hides the filter. */
  hosts?: HostChoice[];
  host?: string;
  onHost?: (value: string) => void;
}

/** Search (sent to the server after a short pause in typing) and a status filter. */
export function CustomerFilters({ search, status, onSearch, onStatus, hosts = [], host = '', onHost }: Props) {
  const t = useTranslations('dashboard');
  const ts = useTranslations('customers.status');
  const [text, setText] = useState(search);

  useEffect(() => {
    if (text === search) return;
    // Wait for a pause in typing so 500 customers are not searched on every key.
    const timer = setTimeout(() => onSearch(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text, search, onSearch]);

  return (
    <Row className="g-2 mb-3" role="search">
      <Col xs={12} sm={7} md={5} lg={4}>
        <Form.Label htmlFor="customer-search" className="visually-hidden">{t('search')}</Form.Label>
        <InputGroup>
          <InputGroup.Text aria-hidden><i className="bi bi-search" /></InputGroup.Text>
          <Form.Control id="customer-search" type="search" placeholder={t('searchPlaceholder')} value={text} onChange={(e) => setText(e.target.value)} data-testid="customer-search" />
        </InputGroup>
      </Col>
      <Col xs={12} sm={5} md={3} lg={2}>
        <Form.Label htmlFor="customer-status-filter" className="visually-hidden">{t('statusFilter')}</Form.Label>
        <Form.Select id="customer-status-filter" value={status} onChange={(e) => onStatus(e.target.value)} data-testid="status-filter">
          <option value="">{t('allStatuses')}</option>
          {CUSTOMER_STATUSES.map((s) => (
            <option key={s} value={s}>{ts(s)}</option>
          ))}
        </Form.Select>
      </Col>
      {hosts.length > 0 && (
        <Col xs={12} sm={5} md={3} lg={2}>
          <Form.Label htmlFor="customer-host-filter" className="visually-hidden">{t('hostFilter')}</Form.Label>
          <Form.Select id="customer-host-filter" value={host} onChange={(e) => onHost?.(e.target.value)} data-testid="host-filter">
            <option value="">{t('allHosts')}</option>
            {hosts.map((h) => (
              <option key={h.id} value={h.id}>{h.name}</option>
            ))}
          </Form.Select>
        </Col>
      )}
    </Row>
  );
}
