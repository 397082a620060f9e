import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { currentActor } from '@/lib/auth/resolve-actor';
import { PageMessages } from '@/components/layout/page-messages';
import { MonitoringView } from '@/components/monitoring/monitoring-view';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  const t = await getTranslations('monitoring');
  return { title: t('title') };
}

export default async function MonitoringPage() {
  const [actor, t] = await Promise.all([currentActor(), getTranslations('monitoring')]);
  if (!actor) redirect('/login');
  if (!actor.permissions.includes('monitoring:read')) {
    return (
      <div className="alert alert-warning" role="alert" data-testid="monitoring-forbidden">
        {t('forbidden')}
      </div>
    );
  }
  return (
    <PageMessages page="monitoring">
      <MonitoringView />
    </PageMessages>
  );
}
