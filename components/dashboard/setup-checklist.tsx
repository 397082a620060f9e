'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { Card } from 'react-bootstrap';
import type { SetupItem } from '@/lib/setup/setup-status';
import { useSetupStatus } from '@/client/queries/use-setup';

const TAB: Record<SetupItem['id'], string | null> = { base_domain: 'system', npm: 'proxy', docker: null, images: 'images' };

function ImageLines({ item }: { item: SetupItem }) {
  const t = useTranslations('setup');
  const missing = (item.images ?? []).filter((i) => !i.present && !i.pullable);
  if (!missing.length) return null;
  return (
    <ul className="small mb-0 mt-1" data-testid="setup-missing-images">
      {missing.map((i) => (
        <li key={i.image}>
          <code>{i.image}</code> — {t('imageMissing', { registry: i.registry })}
          {i.error && <span className="text-body-secondary"> ({i.error})</span>}
          <div className="text-body-secondary">{t('imageLoadHint', { image: i.image })}</div>
        </li>
      ))}
    </ul>
  );
}

/**
 * Shown on the dashboard to those who may change settings until the essentials are done: a
 * base domain, a tested Nginx Proxy Manager, a reachable Docker Engine and pullable images.
 * Each open item says what to do and links to the place to do it.
 */
export function SetupChecklist({ enabled }: { enabled: boolean }) {
  const t = useTranslations('setup');
  const status = useSetupStatus(enabled);
  if (!enabled || !status.data || status.data.done) return null;
  return (
    <Card className="mb-3 border-warning" data-testid="setup-checklist">
      <Card.Body>
        <h2 className="h5">{t('title')}</h2>
        <p className="text-body-secondary">{t('intro')}</p>
        <ul className="list-unstyled mb-0">
          {status.data.items.map((item) => (
            <li key={item.id} className="mb-2" data-testid={`setup-item-${item.id}`} data-done={item.ok}>
              <i className={`bi ${item.ok ? 'bi-check-circle-fill text-success' : 'bi-circle text-warning'} me-2`} aria-hidden />
              <strong>{t(`items.${item.id}`)}</strong>
              <span className="visually-hidden">{item.ok ? t('done') : t('open')}</span>
              {!item.ok && item.reason && <div className="ms-4 small">{t(`reasons.${item.id}_${item.reason}`)}</div>}
              {!item.ok && item.error && item.id === 'docker' && <div className="ms-4 small text-body-secondary">{item.error}</div>}
              {!item.ok && item.id === 'images' && <div className="ms-4"><ImageLines item={item} /></div>}
              {!item.ok && TAB[item.id] && (
                <Link className="ms-4 small" href={`/settings?tab=${TAB[item.id]}`}>
                  {t('fix')}
                </Link>
              )}
            </li>
          ))}
        </ul>
      </Card.Body>
    </Card>
  );
}
