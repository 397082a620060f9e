'use client';

import { useFormatter, useNow, useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button, ButtonGroup, Card, Table } from 'react-bootstrap';
import type { HostView } from '@/lib/hosts/schemas';
import { useHosts, useRemoveHost, useTestHost, useUpdateHost } from '@/client/queries/use-hosts';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorAlert } from '@/components/ui/error-alert';
import { StatusBadge } from '@/components/ui/status-badge';
import { useToast } from '@/components/ui/toast-provider';
import { useErrorText } from '@/components/ui/use-error-text';
import { HostFormDialog } from './host-form-dialog';
import { HostImages } from './host-images';
import { DrainHostButton, DrainProgress } from '@/components/moves/drain-host';

const BADGE: Record<HostView['state'], string> = { ready: 'active', cordoned: 'warning', draining: 'deploying', unreachable: 'error' };

/** Settings → Hosts: the Docker Engines tenants run on, with Test connection, edit, cordon and remove. */
export function HostsTab() {
  const t = useTranslations('hosts');
  const format = useFormatter();
  const toast = useToast();
  const errorText = useErrorText();
  const hosts = useHosts();
  const test = useTestHost();
  const update = useUpdateHost();
  const remove = useRemoveHost();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<HostView | null>(null);
  const [removing, setRemoving] = useState<HostView | null>(null);

  const now = useNow({ updateInterval: 30_000 });
  const bytes = (n: number | null | undefined) => (typeof n === 'number' ? format.number(n / 1024 ** 3, { maximumFractionDigits: 1 }) + ' GiB' : '–');

  async function runTest(host: HostView) {
    try {
      const res = await test.mutateAsync(host.id);
      if (res.ok) toast.success(t('testOk', { name: host.name, version: res.facts?.engine_version ?? '' }));
      else toast.error(t('testFailed', { name: host.name, error: res.error ?? '' }));
    } catch (err) {
      toast.error(errorText(err));
    }
  }

  async function toggleCordon(host: HostView) {
    try {
      await update.mutateAsync({ id: host.id, input: { state: host.set_state === 'ready' ? 'cordoned' : 'ready' } });
    } catch (err) {
      toast.error(errorText(err));
    }
  }

  async function runRemove() {
    if (!removing) return;
    try {
      await remove.mutateAsync(removing.id);
      toast.success(t('removed', { name: removing.name }));
    } catch (err) {
      toast.error(errorText(err));
    } finally {
      setRemoving(null);
    }
  }

  return (
    <Card>
      <Card.Body>
        <div className="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-2">
          <h2 className="h5 mb-0">{t('title')}</h2>
          <Button onClick={() => setCreating(true)} data-testid="create-host">
            <i className="bi bi-hdd-network me-1" aria-hidden />
            {t('create')}
          </Button>
        </div>
        <p className="text-body-secondary small">{t('intro')}</p>
        {hosts.error && <ErrorAlert error={hosts.error} onRetry={() => hosts.refetch()} />}
        {hosts.isPending && <p role="status">{t('loading')}</p>}
        {hosts.data && (
          <Table responsive hover className="align-middle mb-0" data-testid="hosts-table">
            <thead>
              <tr>
                <th scope="col">{t('name')}</th>
                <th scope="col">{t('state')}</th>
                <th scope="col" className="d-none d-md-table-cell">{t('engine')}</th>
                <th scope="col" className="d-none d-lg-table-cell">{t('free')}</th>
                <th scope="col">{t('tenants')}</th>
                <th scope="col"><span className="visually-hidden">{t('actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {hosts.data.items.map((h) => (
                <tr key={h.id} data-testid={`host-row-${h.name}`}>
                  <td>
                    <div className="fw-semibold">{h.id === 'local' ? t('localName') : h.name}</div>
                    <div className="small text-body-secondary text-break">{h.id === 'local' ? t('localEndpoint') : h.endpoint}</div>
                  </td>
                  <td>
                    <StatusBadge status={BADGE[h.state]} label={t(`states.${h.state}`)} />
                    {h.last_error && <div className="small text-danger text-break" data-testid="host-error">{h.last_error}</div>}
                    <div className="small text-body-secondary" data-testid="host-contact">
                      {h.last_contact_at ? t('lastContact', { when: format.relativeTime(new Date(h.last_contact_at), now) }) : t('neverContacted')}
                    </div>
                    <DrainProgress hostId={h.id} draining={h.set_state === 'draining'} />
                  </td>
                  <td className="d-none d-md-table-cell small" data-testid="host-engine">
                    {h.facts ? `${h.facts.engine_version} · ${h.facts.architecture}` : t('notTested')}
                    {h.facts && <HostImages images={h.facts.images} />}
                  </td>
                  <td className="d-none d-lg-table-cell small">
                    {h.facts ? t('freeFigures', { memory: bytes(h.facts.memory_free_bytes), disk: bytes(h.facts.disk_free_bytes) }) : '–'}
                  </td>
                  <td>{h.tenants}</td>
                  <td className="text-end">
                    <ButtonGroup size="sm" aria-label={t('actionsFor', { name: h.name })}>
                      <Button variant="outline-secondary" onClick={() => runTest(h)} disabled={test.isPending} data-testid="test-host">{t('test')}</Button>
                      <Button variant="outline-secondary" onClick={() => toggleCordon(h)} disabled={update.isPending} data-testid="cordon-host">
                        {h.set_state === 'ready' ? t('cordon') : t('uncordon')}
                      </Button>
                      <DrainHostButton host={h} />
                      {h.id !== 'local' && (
                        <Button variant="outline-secondary" onClick={() => setEditing(h)} aria-label={t('editHost', { name: h.name })} data-testid="edit-host">
                          <i className="bi bi-pencil" aria-hidden />
                        </Button>
                      )}
                      {h.id !== 'local' && (
                        <Button variant="outline-danger" onClick={() => setRemoving(h)} aria-label={t('removeHost', { name: h.name })} data-testid="remove-host">
                          <i className="bi bi-trash" aria-hidden />
                        </Button>
                      )}
                    </ButtonGroup>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card.Body>
      <HostFormDialog show={creating} onClose={() => setCreating(false)} />
      <HostFormDialog show={editing !== null} host={editing} onClose={() => setEditing(null)} />
      <ConfirmDialog
        show={removing !== null}
        title={removing ? t('removeHost', { name: removing.name }) : ''}
        body={removing ? t('removeConfirm', { name: removing.name }) : ''}
        confirmLabel={t('remove')}
        variant="danger"
        pending={remove.isPending}
        onConfirm={runRemove}
        onCancel={() => setRemoving(null)}
      />
    </Card>
  );
}
