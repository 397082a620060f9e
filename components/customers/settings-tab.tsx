'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button, Card } from 'react-bootstrap';
import { useToast } from '@/components/ui/toast-provider';
import { useUpdateCustomer, type CustomerView } from '@/client/queries/use-customers';
import type { CustomerAbilities } from './abilities';
import { AdoptProxyHostCard } from './adopt-proxy-host-card';
import { MoveTenantCard } from '@/components/moves/move-tenant-card';
import { CustomerForm } from './customer-form';
import { DeleteCustomerDialog } from './delete-customer-dialog';
import { OperationButtons } from './operation-buttons';

/** Edit the details, redeploy, or delete (after typing the subdomain). */
export function SettingsTab({ customer: c, abilities }: { customer: CustomerView; abilities: CustomerAbilities }) {
  const t = useTranslations('customers.settings');
  const toast = useToast();
  const router = useRouter();
  const update = useUpdateCustomer();
  const [deleting, setDeleting] = useState(false);
  const initial = { name: c.name, subdomain: c.subdomain, email: c.email, max_devices: String(c.max_devices), notes: c.notes ?? '' };

  async function save(input: Record<string, unknown>): Promise<unknown> {
    try {
      await update.mutateAsync({ id: c.id, input });
      toast.success(t('saved'));
      return null;
    } catch (err) {
      return err;
    }
  }

  return (
    <div className="d-grid gap-3" data-testid="settings-tab">
      {abilities.write && (
        <Card>
          <Card.Body>
            <h2 className="h5">{t('editTitle')}</h2>
            <CustomerForm
              mode="edit"
              initial={initial}
              baseDomain={c.url.replace(/^https:\/\/[^.]+\./, '')}
              subdomainLocked={c.status !== 'pending' || c.dashboard_port !== null}
              submitLabel={t('save')}
              pending={update.isPending}
              onSubmit={save}
            />
          </Card.Body>
        </Card>
      )}
      {abilities.operate && (
        <Card>
          <Card.Body>
            <h2 className="h5">{t('redeployTitle')}</h2>
            <p className="text-body-secondary">{t('redeployHelp')}</p>
            <OperationButtons customer={c} operations={['deploy']} />
          </Card.Body>
        </Card>
      )}
      {abilities.adoptProxyHost && c.dashboard_port !== null && <AdoptProxyHostCard customer={c} />}
      {abilities.moveHost && c.deployed_at && <MoveTenantCard customer={c} />}
      {abilities.write && (
        <Card border="danger">
          <Card.Body>
            <h2 className="h5 text-danger">{t('dangerTitle')}</h2>
            <p className="text-body-secondary">{t('deleteHelp')}</p>
            <Button variant="danger" onClick={() => setDeleting(true)} disabled={Boolean(c.active_job) || c.status === 'deleting'} data-testid="delete-customer">
              <i className="bi bi-trash me-1" aria-hidden />
              {t('dangerTitle')}
            </Button>
          </Card.Body>
        </Card>
      )}
      {!abilities.write && !abilities.operate && <p>{t('readOnly')}</p>}
      <DeleteCustomerDialog customer={deleting ? c : null} onClose={() => setDeleting(false)} onDeleted={() => router.push('/')} />
    </div>
  );
}
