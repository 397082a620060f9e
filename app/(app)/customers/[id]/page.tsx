import { redirect } from 'next/navigation';
import { currentActor } from '@/lib/auth/resolve-actor';
import { abilitiesOf } from '@/components/customers/abilities';
import { CustomerDetail } from '@/components/customers/customer-detail';
import { PageMessages } from '@/components/layout/page-messages';

export const dynamic = 'force-dynamic';

export default async function CustomerPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ tab?: string }> }) {
  const [actor, { id }, query] = await Promise.all([currentActor(), params, searchParams]);
  if (!actor) redirect('/login');
  return (
    <PageMessages page="customer">
      <CustomerDetail id={id} abilities={abilitiesOf(actor.permissions)} initialTab={query.tab ?? null} />
    </PageMessages>
  );
}
