import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { currentActor } from '@/lib/auth/resolve-actor';
import { PageMessages } from '@/components/layout/page-messages';
import { FleetView } from '@/components/fleet/fleet-view';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  const t = await getTranslations('fleet');
  return { title: t('title') };
}

export default async function FleetPage() {
  const actor = await currentActor();
  if (!actor) redirect('/login');
  return (
    <PageMessages page="fleet">
      <FleetView canManage={actor.permissions.includes('settings:write')} />
    </PageMessages>
  );
}
