import { currentActor } from '@/lib/auth/resolve-actor';
import { abilitiesOf } from '@/components/customers/abilities';
import { DashboardView } from '@/components/dashboard/dashboard-view';

export const dynamic = 'force-dynamic';

export default async function DashboardPage() {
  const actor = await currentActor();
  return <DashboardView abilities={abilitiesOf(actor?.permissions ?? [])} />;
}
