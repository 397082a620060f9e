'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Card } from 'react-bootstrap';
import { useCreateCustomer } from '@/client/queries/use-customers';
import type { JobView } from '@/client/queries/use-job-events';
import type { CustomerAbilities } from './abilities';
import { CustomerForm, EMPTY_CUSTOMER } from './customer-form';
import { DeployProgress } from './deploy-progress';
import type { HostChoice } from '@/lib/hosts/host-choices';

interface Created {
  id: string;
  name: string;
  job: JobView;
}

/** The form, then — once the customer exists — the live deploy progress in its place. */
export function NewCustomerView({ baseDomain, abilities, hosts = [] }: { baseDomain: string; abilities: CustomerAbilities; hosts?: HostChoice[] }) {
  const t = useTranslations('customers.new');
  const create = useCreateCustomer();
  const [created, setCreated] = useState<Created | null>(null);
  const [formKey, setFormKey] = useState(0);

  async function submit(input: Record<string, unknown>): Promise<unknown> {
    try {
      const result = await create.mutateAsync(input as Parameters<typeof create.mutateAsync>[0]);
      setCreated({ id: result.customer.id, name: result.customer.name, job: result.job });
      return null;
    } catch (err) {
      return err;
    }
  }

  return (
    <>
      <Link href="/" className="small d-inline-block mb-2">
        <i className="bi bi-arrow-left me-1" aria-hidden />
        {t('back')}
      </Link>
      <h1 className="h3 mb-3" data-testid="page-title">{t('title')}</h1>
      <Card style={{ maxWidth: 820 }}>
        <Card.Body>
          {created ? (
            <DeployProgress
              customerId={created.id}
              name={created.name}
              initialJob={created.job}
              abilities={abilities}
              onAnother={() => {
                setCreated(null);
                setFormKey((k) => k + 1);
              }}
            />
          ) : (
            <>
              <p className="text-body-secondary">{t('intro')}</p>
              <CustomerForm key={formKey} mode="create" initial={EMPTY_CUSTOMER} baseDomain={baseDomain} submitLabel={t('submit')} pending={create.isPending} onSubmit={submit} hosts={hosts} />
            </>
          )}
        </Card.Body>
      </Card>
    </>
  );
}
