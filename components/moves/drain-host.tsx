'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { Button, Form, Modal } from 'react-bootstrap';
import { queryKeys } from '@/client/queries/keys';
import { useDrainHost, useHostDrain } from '@/client/queries/use-moves';
import type { HostView } from '@/lib/hosts/schemas';
import { DEFAULT_DRAIN_PARALLEL } from '@/lib/moves/schemas';
import { ErrorAlert } from '@/components/ui/error-alert';
import { useToast } from '@/components/ui/toast-provider';

/** "Drain" for one host: asks how many tenants to move at once, then starts the drain. */
export function DrainHostButton({ host }: { host: HostView }) {
  const t = useTranslations('moves');
  const toast = useToast();
  const drain = useDrainHost();
  const [open, setOpen] = useState(false);
  const [parallel, setParallel] = useState(String(DEFAULT_DRAIN_PARALLEL));
  const n = Number(parallel);
  const valid = Number.isInteger(n) && n >= 1 && n <= 10;

  async function run() {
    try {
      const view = await drain.mutateAsync({ id: host.id, input: { parallel: n } });
      toast.success(t('drainStarted', { host: host.name, total: view.total }));
      setOpen(false);
    } catch {
      // Shown in the dialog by ErrorAlert.
    }
  }

  return (
    <>
      <Button variant="outline-secondary" onClick={() => setOpen(true)} disabled={host.set_state === 'draining'} data-testid="drain-host">
        {t('drain')}
      </Button>
      <Modal show={open} onHide={() => setOpen(false)}>
        <Modal.Header closeButton>
          <Modal.Title className="h5">{t('drainTitle', { host: host.name })}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <p>{t('drainHelp', { host: host.name, tenants: host.tenants })}</p>
          <Form.Group controlId={`drain-parallel-${host.id}`}>
            <Form.Label>{t('parallel')}</Form.Label>
            <Form.Control type="number" min={1} max={10} value={parallel} onChange={(e) => setParallel(e.target.value)} isInvalid={!valid} data-testid="drain-parallel" />
            <Form.Control.Feedback type="invalid">{t('parallelInvalid')}</Form.Control.Feedback>
          </Form.Group>
          {drain.error && <ErrorAlert className="mt-2" error={drain.error} />}
        </Modal.Body>
        <Modal.Footer>
          <Button variant="secondary" onClick={() => setOpen(false)}>{t('cancel')}</Button>
          <Button variant="warning" onClick={run} disabled={!valid || drain.isPending} data-testid="drain-confirm">{t('drain')}</Button>
        </Modal.Footer>
      </Modal>
    </>
  );
}

/** A host's drain progress, polled while it runs; the tenants it could not move stay listed. */
export function DrainProgress({ hostId, draining }: { hostId: string; draining: boolean }) {
  const t = useTranslations('moves');
  const client = useQueryClient();
  const drain = useHostDrain(hostId, draining);
  const d = drain.data?.drain;
  const moved = d?.moved;
  // The host list's tenant counts follow each finished move.
  useEffect(() => {
    if (moved !== undefined) void client.invalidateQueries({ queryKey: queryKeys.hosts, exact: true });
  }, [moved, client]);
  if (!draining || !d) return null;
  return (
    <div className="small mt-1" data-testid="drain-progress" data-state={d.state}>
      <div>{t(`drainState.${d.state}`, { moved: d.moved, total: d.total, moving: d.moving, failed: d.failed.length })}</div>
      {d.failed.map((f) => (
        <div key={f.customer_id} className="text-danger text-break" data-testid="drain-failed">{t('drainFailedTenant', { tenant: f.subdomain, error: f.error ?? '' })}</div>
      ))}
    </div>
  );
}
