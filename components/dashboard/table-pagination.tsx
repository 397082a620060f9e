'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { Button, Form } from 'react-bootstrap';

interface Props {
  page: number;
  pages: number;
  total: number;
  perPage: number;
  onPage: (page: number) => void;
  onPerPage: (perPage: number) => void;
}

const SIZES = [10, 25, 50, 100];

/** Previous / next over server-side pages, with the page size. */
export function TablePagination({ page, pages, total, perPage, onPage, onPerPage }: Props) {
  const t = useTranslations('dashboard');
  const format = useFormatter();
  return (
    <nav className="d-flex flex-wrap align-items-center justify-content-between gap-2 mt-3" aria-label={t('pagination')}>
      <span className="small text-body-secondary" aria-live="polite" data-testid="page-info">
        {t('pageOf', { page: format.number(page), pages: format.number(pages), total })}
      </span>
      <div className="d-flex align-items-center gap-2">
        <Form.Label htmlFor="customer-per-page" className="small mb-0 text-nowrap">{t('perPage')}</Form.Label>
        <Form.Select id="customer-per-page" size="sm" className="w-auto" value={perPage} onChange={(e) => onPerPage(Number(e.target.value))}>
          {SIZES.map((s) => (
            <option key={s} value={s}>{s}</option>
          ))}
        </Form.Select>
        <Button size="sm" variant="outline-secondary" disabled={page <= 1} onClick={() => onPage(page - 1)} data-testid="page-previous">
          <i className="bi bi-chevron-left" aria-hidden /> {t('previous')}
        </Button>
        <Button size="sm" variant="outline-secondary" disabled={page >= pages} onClick={() => onPage(page + 1)} data-testid="page-next">
          {t('next')} <i className="bi bi-chevron-right" aria-hidden />
        </Button>
      </div>
    </nav>
  );
}
