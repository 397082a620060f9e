import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { currentActor } from '@/lib/auth/resolve-actor';
import { readTotpStatus } from '@/lib/auth/totp/manage-totp';
import { TotpCard } from '@/components/auth/totp-card';
import { PageMessages } from '@/components/layout/page-messages';

export const dynamic = 'force-dynamic';

export default async function ProfilePage() {
  const actor = await currentActor();
  if (!actor) redirect('/login');
  const [status, t, tr] = await Promise.all([readTotpStatus(actor), getTranslations('totp'), getTranslations('roles')]);
  return (
    <>
      <h1 className="h3" data-testid="page-title">{t('profile_title')}</h1>
      <p className="text-body-secondary">{t('profile_intro', { username: actor.username, role: tr(actor.role) })}</p>
      <PageMessages page="profile">
        <TotpCard status={status} />
      </PageMessages>
    </>
  );
}
