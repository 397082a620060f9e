import { redirect } from 'next/navigation';
import { currentActor } from '@/lib/auth/resolve-actor';
import { can } from '@/lib/auth/actor';
import { getSettings } from '@/lib/settings/store';
import { abilitiesOf } from '@/components/customers/abilities';
import { PageMessages } from '@/components/layout/page-messages';
import { NewCustomerView } from '@/components/customers/new-customer-view';
import { listHostChoices } from '@/lib/hosts/host-choices';

export const dynamic = 'force-dynamic';

export default async function NewCustomerPage() {
  const actor = await currentActor();
  if (!actor) redirect('/login');
  // Only roles that may create customers get the form; the action checks again.
  if (!can(actor, 'customers:write')) redirect('/');
  const [settings, hosts] = await Promise.all([getSettings(), listHostChoices()]);
  return (
    <PageMessages page="newCustomer">
      <NewCustomerView baseDomain={settings.base_domain} abilities={abilitiesOf(actor.permissions)} hosts={hosts} />
    </PageMessages>
  );
}
