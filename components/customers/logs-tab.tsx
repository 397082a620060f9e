'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Button, Card, Col, Form, Row } from 'react-bootstrap';
import { ErrorAlert } from '@/components/ui/error-alert';
import { useCustomerLogs, type LogLineView } from '@/client/queries/use-customer-logs';
import type { CustomerView } from '@/client/queries/use-customers';

const SERVICES_BY_LAYOUT: Record<string, readonly string[]> = {
  classic: ['management', 'signal', 'relay', 'dashboard', 'caddy'],
  combined: ['server', 'dashboard', 'caddy'],
};
const TAILS = [100, 200, 500, 1000, 5000];

function lineText(l: LogLineView): string {
  return l.time ? `${l.time} ${l.text}` : l.text;
}

/** Saves what is on screen (after the search filter) as a plain .log file. */
function download(name: string, lines: LogLineView[]) {
  const blob = new Blob([lines.map(lineText).join('\n') + '\n'], { type: 'text/plain;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/** One container's logs: tail size, live follow, search within, download. */
export function LogsTab({ customer }: { customer: CustomerView }) {
  const t = useTranslations('logs');
  const format = useFormatter();
  const services = SERVICES_BY_LAYOUT[customer.layout] ?? SERVICES_BY_LAYOUT.classic;
  const [service, setService] = useState<string>(services[0]);
  const [tail, setTail] = useState(200);
  const [follow, setFollow] = useState(false);
  const [query, setQuery] = useState('');
  const logs = useCustomerLogs(customer.id, { service, tail, follow });
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q ? logs.lines.filter((l) => l.text.toLowerCase().includes(q)) : logs.lines;
  }, [logs.lines, query]);
  const box = useRef<HTMLDivElement>(null);

  // While following, stay at the bottom as lines arrive.
  useEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [follow, shown.length]);

  return (
    <Card data-testid="logs-tab">
      <Card.Body>
        <Row className="g-2 align-items-end mb-3">
          <Col xs={6} md={3} lg={2}>
            <Form.Label htmlFor="log-service" className="small mb-1">{t('service')}</Form.Label>
            <Form.Select id="log-service" size="sm" value={service} onChange={(e) => setService(e.target.value)} data-testid="log-service">
              {services.map((s) => <option key={s} value={s}>{s}</option>)}
            </Form.Select>
          </Col>
          <Col xs={6} md={2} lg={2}>
            <Form.Label htmlFor="log-tail" className="small mb-1">{t('tail')}</Form.Label>
            <Form.Select id="log-tail" size="sm" value={tail} onChange={(e) => setTail(Number(e.target.value))} data-testid="log-tail">
              {TAILS.map((n) => <option key={n} value={n}>{format.number(n)}</option>)}
            </Form.Select>
          </Col>
          <Col xs={12} md={4} lg={3}>
            <Form.Label htmlFor="log-search" className="small mb-1">{t('search')}</Form.Label>
            <Form.Control id="log-search" size="sm" type="search" placeholder={t('searchPlaceholder')} value={query} onChange={(e) => setQuery(e.target.value)} data-testid="log-search" />
          </Col>
          <Col xs="auto" className="d-flex align-items-center">
            <Form.Check type="switch" id="log-follow" label={t('follow')} checked={follow} onChange={(e) => setFollow(e.target.checked)} data-testid="log-follow" />
          </Col>
          <Col xs="auto" className="ms-md-auto d-flex gap-2">
            {!follow && (
              <Button size="sm" variant="outline-secondary" onClick={logs.refresh} data-testid="log-refresh">
                <i className="bi bi-arrow-clockwise me-1" aria-hidden />{t('refresh')}
              </Button>
            )}
            <Button size="sm" variant="outline-secondary" onClick={() => download(`${customer.subdomain}-${service}.log`, shown)} disabled={shown.length === 0} data-testid="log-download">
              <i className="bi bi-download me-1" aria-hidden />{t('download')}
            </Button>
          </Col>
        </Row>
        {logs.error && <ErrorAlert error={logs.error} onRetry={logs.refresh} />}
        <div className="small text-body-secondary mb-1 d-flex justify-content-between" aria-live="polite">
          <span data-testid="log-count">{t('count', { shown: shown.length, total: format.number(logs.lines.length) })}</span>
          {follow && !logs.error && <span><i className="bi bi-broadcast me-1 text-success" aria-hidden />{t('following')}</span>}
        </div>
        <div
          ref={box}
          role="region"
          aria-label={t('region', { service })}
          tabIndex={0}
          className="bg-dark text-light rounded p-2 font-monospace small overflow-auto"
          style={{ height: '60vh', whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
          data-testid="log-lines"
        >
          {logs.loading && logs.lines.length === 0 && <div role="status">{t('loading')}</div>}
          {!logs.loading && logs.lines.length === 0 && !logs.error && <div>{t('empty')}</div>}
          {logs.lines.length > 0 && shown.length === 0 && <div>{t('noMatch', { query })}</div>}
          {shown.map((l, i) => (
            <div key={i} className={l.stream === 'stderr' ? 'text-warning' : undefined}>
              {l.time && <span className="text-secondary me-2">{format.dateTime(new Date(l.time), { timeStyle: 'medium' })}</span>}
              {l.text}
            </div>
          ))}
        </div>
      </Card.Body>
    </Card>
  );
}
