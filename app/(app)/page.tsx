import { currentActor } from '@/lib/auth/resolve-actor';
import { abilitiesOf } from '@/components/customers/abilities';
import { DashboardView } from '@/components/dashboard/dashboard-view';
import { PageMessages } from '@/components/layout/page-messages';
import { listHostChoices } from '@/lib/hosts/host-choices';

export const dynamic = 'force-dynamic';

export default async function DashboardPage() {
  const actor = await currentActor();
  const permissions = actor?.permissions ?? [];
  // Hosts are named only when there is more than one (an appliance without hosts shows no host column).
  const hosts = actor ? await listHostChoices() : [];
  return (
    <PageMessages page="dashboard">
      <DashboardView abilities={abilitiesOf(permissions)} showSetup={permissions.includes('settings:write')} hosts={hosts} />
    </PageMessages>
  );
}
