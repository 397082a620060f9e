import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { currentActor } from '@/lib/auth/resolve-actor';
import { PageMessages } from '@/components/layout/page-messages';
import { SettingsTabs } from '@/components/settings/settings-tabs';

export const dynamic = 'force-dynamic';

export default async function SettingsPage({ searchParams }: { searchParams: Promise<{ tab?: string }> }) {
  const [actor, t, params] = await Promise.all([currentActor(), getTranslations('settings'), searchParams]);
  if (!actor) redirect('/login');
  return (
    <>
      <h1 className="h3 mb-3" data-testid="page-title">{t('title')}</h1>
      <PageMessages page="settings">
        <SettingsTabs permissions={[...actor.permissions]} username={actor.username} initialTab={params.tab ?? null} />
      </PageMessages>
    </>
  );
}
