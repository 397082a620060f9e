import { currentActor } from '@/lib/auth/resolve-actor';
import { abilitiesOf } from '@/components/customers/abilities';
import { DashboardView } from '@/components/dashboard/dashboard-view';
import { PageMessages } from '@/components/layout/page-messages';

export const dynamic = 'force-dynamic';

export default async function DashboardPage() {
  const actor = await currentActor();
  const permissions = actor?.permissions ?? [];
  return (
    <PageMessages page="dashboard">
      <DashboardView abilities={abilitiesOf(permissions)} showSetup={permissions.includes('settings:write')} />
    </PageMessages>
  );
}
