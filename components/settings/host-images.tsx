'use client';

import { useTranslations } from 'next-intl';
import type { HostFactsView } from '@/lib/hosts/schemas';

/** Which of the configured tenant images the host has, as last measured (Test connection or the background host watch). */
export function HostImages({ images }: { images: HostFactsView['images'] }) {
  const t = useTranslations('hosts');
  if (images.length === 0) return null;
  const missing = images.filter((i) => !i.present);
  return (
    <div className="small" data-testid="host-images">
      <span className={missing.length ? 'text-warning-emphasis' : 'text-body-secondary'}>
        {t('imagesPresent', { present: images.length - missing.length, total: images.length })}
      </span>
      {missing.length > 0 && (
        <ul className="list-unstyled mb-0 text-break" aria-label={t('imagesMissing')}>
          {missing.map((i) => (
            <li key={i.image}>
              <i className="bi bi-x-circle me-1" aria-hidden />
              {i.image}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
