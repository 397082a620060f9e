import { getTranslations } from 'next-intl/server';
import { currentActor } from '@/lib/auth/resolve-actor';
import { checkHealth } from '@/lib/health';

export default async function HomePage() {
  const [actor, t, health] = await Promise.all([currentActor(), getTranslations('home'), checkHealth()]);
  return (
    <>
      <h1 className="h3" data-testid="page-title">{t('welcome', { username: actor?.username ?? '' })}</h1>
      <p className="text-body-secondary">{t('intro')}</p>
      <div className="card" style={{ maxWidth: 480 }}>
        <div className="card-header">{t('health')}</div>
        <ul className="list-group list-group-flush">
          <li className="list-group-item d-flex justify-content-between">
            {t('database')}
            <span className={health.database.ok ? 'text-success' : 'text-danger'}>{health.database.ok ? t('ok') : t('unreachable')}</span>
          </li>
          <li className="list-group-item d-flex justify-content-between">
            {t('docker')}
            <span className={health.docker.reachable ? 'text-success' : 'text-danger'}>
              {health.docker.reachable ? `${t('ok')} (${health.docker.version})` : t('unreachable')}
            </span>
          </li>
        </ul>
      </div>
    </>
  );
}
