'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button, Card, Col, Form, Row, Table } from 'react-bootstrap';
import { usePlanMutation, type DryRun, type FleetInventory, type ImageSet } from '@/client/queries/use-fleet';
import { ErrorAlert } from '@/components/ui/error-alert';
import { IMAGE_SERVICES } from '@/lib/fleet/image-set';
import type { PlanKind } from '@/lib/fleet/plan-schema';
import { EMPTY_SELECTION, PlanSelectionFields, selectionBody, type PlanSelection } from './plan-selection';

const NUMBERS = ['canary', 'wave_size', 'parallel', 'soak_seconds', 'failure_budget', 'peer_timeout_seconds'] as const;
type NumberField = (typeof NUMBERS)[number];

/**
 * An image upgrade (target images: the fleet default unless changed) or a layout migration, the
 * tenants it takes, waves and limits; a dry run shows the waves before anything starts, and any
 * change to the form asks for a new dry run.
 */
export function PlanEditor({ inventory, onStarted }: { inventory: FleetInventory; onStarted: (planId: string) => void }) {
  const t = useTranslations('fleet');
  const mutation = usePlanMutation();
  const fleetDefault = inventory.fleet_default;
  const [kind, setKind] = useState<PlanKind>('upgrade');
  const [images, setImages] = useState<ImageSet>(fleetDefault);
  const [selection, setSelection] = useState<PlanSelection>(EMPTY_SELECTION);
  const [numbers, setNumbers] = useState<Record<NumberField, number>>({ canary: 1, wave_size: 5, parallel: 2, soak_seconds: 60, failure_budget: 1, peer_timeout_seconds: 120 });
  const [fraction, setFraction] = useState(80);
  const [dry, setDry] = useState<DryRun | null>(null);
  // A field left empty names no image: clearing the server image leaves combined tenants out, and the other way round.
  const named = Object.fromEntries(IMAGE_SERVICES.filter((s) => images[s]?.trim()).map((s) => [s, images[s]?.trim()]));
  const custom = kind === 'upgrade' && IMAGE_SERVICES.some((s) => (named[s] ?? '') !== fleetDefault[s]);
  const body = (dryRun: boolean) => ({ kind, ...(custom ? { images: named } : {}), ...selectionBody(selection), ...numbers, peer_fraction: fraction / 100, dry_run: dryRun });
  const hostName = (id: string) => inventory.hosts.find((h) => h.id === id)?.name ?? id;
  // What was dry-run is what starts: an edit after it needs a new dry run.
  const edit = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setDry(null);
  };

  const submit = (dryRun: boolean) =>
    mutation.mutate(body(dryRun), {
      onSuccess: (result) => {
        if ('dry_run' in result) setDry(result);
        else {
          setDry(null);
          onStarted(result.id);
        }
      },
    });

  return (
    <Card className="mb-3" data-testid="plan-editor">
      <Card.Header>{t('planTitle')}</Card.Header>
      <Card.Body>
        <Row className="g-2 mb-2">
          <Col md={4}>
            <Form.Group controlId="plan-kind">
              <Form.Label className="small mb-0">{t('field_kind')}</Form.Label>
              <Form.Select size="sm" value={kind} onChange={(e) => edit(setKind)(e.target.value === 'migrate' ? 'migrate' : 'upgrade')} data-testid="plan-kind">
                <option value="upgrade">{t('kind_upgrade')}</option>
                <option value="migrate">{t('kind_migrate')}</option>
              </Form.Select>
            </Form.Group>
          </Col>
        </Row>
        <PlanSelectionFields inventory={inventory} value={selection} onChange={edit(setSelection)} />
        {kind === 'upgrade' && <div className="small text-body-secondary">{t('imagesByLayout')}</div>}
        {kind === 'upgrade' && (
          <Row className="g-2 mb-2">
            {IMAGE_SERVICES.map((s) => (
              <Col md={4} key={s}>
                <Form.Group controlId={`plan-image-${s}`}>
                  <Form.Label className="small mb-0">{t('imageOf', { service: s })}</Form.Label>
                  <Form.Control size="sm" value={images[s] ?? ''} onChange={(e) => edit(setImages)({ ...images, [s]: e.target.value })} />
                </Form.Group>
              </Col>
            ))}
          </Row>
        )}
        <Row className="g-2 mb-3">
          {NUMBERS.map((n) => (
            <Col md={2} key={n}>
              <Form.Group controlId={`plan-${n}`}>
                <Form.Label className="small mb-0">{t(`field_${n}`)}</Form.Label>
                <Form.Control size="sm" type="number" min={0} value={numbers[n]} onChange={(e) => edit(setNumbers)({ ...numbers, [n]: Number(e.target.value) })} />
              </Form.Group>
            </Col>
          ))}
          <Col md={2}>
            <Form.Group controlId="plan-peer-fraction">
              <Form.Label className="small mb-0">{t('field_peer_fraction')}</Form.Label>
              <Form.Control size="sm" type="number" min={0} max={100} value={fraction} onChange={(e) => edit(setFraction)(Number(e.target.value))} />
            </Form.Group>
          </Col>
        </Row>
        {mutation.error && <ErrorAlert error={mutation.error} />}
        <div className="d-flex gap-2">
          <Button size="sm" variant="outline-primary" disabled={mutation.isPending} onClick={() => submit(true)} data-testid="plan-dry-run">
            {t('dryRun')}
          </Button>
          <Button size="sm" variant="primary" disabled={mutation.isPending || !dry || !dry.waves.length} onClick={() => submit(false)} data-testid="plan-start">
            {kind === 'migrate' ? t('startMigrate') : t('start')}
          </Button>
        </div>
        {dry && (
          <div className="mt-3" data-testid="plan-dry-result">
            <div className="small mb-1">
              {dry.kind === 'migrate'
                ? t('dryRunSummaryMigrate', { waves: dry.waves.length, excluded: dry.excluded.length })
                : t('dryRunSummary', { version: dry.version, waves: dry.waves.length, excluded: dry.excluded.length })}
            </div>
            <Table size="sm" className="mb-0">
              <tbody>
                {dry.waves.map((w) => (
                  <tr key={w.wave} data-testid={`plan-dry-wave-${w.wave}`}>
                    <th className="text-nowrap">{w.canary ? t('canary') : t('wave', { n: w.wave })}</th>
                    <td className="small">{w.tenants.map((x) => `${x.subdomain} (${x.version}, ${hostName(x.host_id)})`).join(', ')}</td>
                  </tr>
                ))}
                {dry.excluded.length > 0 && (
                  <tr data-testid="plan-dry-excluded">
                    <th className="text-nowrap">{t('excluded')}</th>
                    <td className="small">{dry.excluded.map((x) => `${x.subdomain}: ${t(`excluded_${x.reason}`)}`).join('; ')}</td>
                  </tr>
                )}
              </tbody>
            </Table>
          </div>
        )}
      </Card.Body>
    </Card>
  );
}
