'use client';

import { useTranslations } from 'next-intl';
import { Col, Form } from 'react-bootstrap';
import { INSIGHT_FILTER_KEYS, type InsightFilters } from '@/lib/insight/list-filters';

export type InsightFilterValues = Record<keyof InsightFilters, string>;
export const NO_INSIGHT_FILTERS: InsightFilterValues = { peers_online: '', over_devices: '', update_available: '' };

/** The NetBird filters of the customer list: peers online, over max devices, update available (each yes / no / any). */
export function InsightFilterSelects({ values, onChange }: { values: InsightFilterValues; onChange: (patch: Partial<InsightFilterValues>) => void }) {
  const t = useTranslations('dashboard.insight');
  return (
    <>
      {INSIGHT_FILTER_KEYS.map((key) => (
        <Col key={key} xs={12} sm={4} md={2}>
          <Form.Label htmlFor={`filter-${key}`} className="visually-hidden">{t(`filters.${key}`)}</Form.Label>
          <Form.Select id={`filter-${key}`} value={values[key]} onChange={(e) => onChange({ [key]: e.target.value })} data-testid={`filter-${key}`}>
            <option value="">{t(`filters.${key}`)}: {t('any')}</option>
            <option value="true">{t(`filters.${key}`)}: {t('yes')}</option>
            <option value="false">{t(`filters.${key}`)}: {t('no')}</option>
          </Form.Select>
        </Col>
      ))}
    </>
  );
}
