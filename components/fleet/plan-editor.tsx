'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button, Card, Col, Form, Row, Table } from 'react-bootstrap';
import { usePlanMutation, type DryRun, type ImageSet } from '@/client/queries/use-fleet';
import { ErrorAlert } from '@/components/ui/error-alert';
import { IMAGE_SERVICES } from '@/lib/fleet/image-set';

const NUMBERS = ['canary', 'wave_size', 'parallel', 'soak_seconds', 'failure_budget', 'peer_timeout_seconds'] as const;
type NumberField = (typeof NUMBERS)[number];

/** Target images (the fleet default unless changed), waves and limits; a dry run shows the waves before anything starts. */
export function PlanEditor({ fleetDefault, onStarted }: { fleetDefault: ImageSet; onStarted: (planId: string) => void }) {
  const t = useTranslations('fleet');
  const mutation = usePlanMutation();
  const [images, setImages] = useState<ImageSet>(fleetDefault);
  const [numbers, setNumbers] = useState<Record<NumberField, number>>({ canary: 1, wave_size: 5, parallel: 2, soak_seconds: 60, failure_budget: 1, peer_timeout_seconds: 120 });
  const [fraction, setFraction] = useState(80);
  const [dry, setDry] = useState<DryRun | null>(null);
  const custom = IMAGE_SERVICES.some((s) => images[s] !== fleetDefault[s]);
  const body = (dryRun: boolean) => ({ ...(custom ? { images } : {}), ...numbers, peer_fraction: fraction / 100, dry_run: dryRun });

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
          {IMAGE_SERVICES.map((s) => (
            <Col md={4} key={s}>
              <Form.Group controlId={`plan-image-${s}`}>
                <Form.Label className="small mb-0">{t('imageOf', { service: s })}</Form.Label>
                <Form.Control size="sm" value={images[s]} onChange={(e) => setImages({ ...images, [s]: e.target.value })} />
              </Form.Group>
            </Col>
          ))}
        </Row>
        <Row className="g-2 mb-3">
          {NUMBERS.map((n) => (
            <Col md={2} key={n}>
              <Form.Group controlId={`plan-${n}`}>
                <Form.Label className="small mb-0">{t(`field_${n}`)}</Form.Label>
                <Form.Control size="sm" type="number" min={0} value={numbers[n]} onChange={(e) => setNumbers({ ...numbers, [n]: Number(e.target.value) })} />
              </Form.Group>
            </Col>
          ))}
          <Col md={2}>
            <Form.Group controlId="plan-peer-fraction">
              <Form.Label className="small mb-0">{t('field_peer_fraction')}</Form.Label>
              <Form.Control size="sm" type="number" min={0} max={100} value={fraction} onChange={(e) => setFraction(Number(e.target.value))} />
            </Form.Group>
          </Col>
        </Row>
        {mutation.error && <ErrorAlert error={mutation.error} />}
        <div className="d-flex gap-2">
          <Button size="sm" variant="outline-primary" disabled={mutation.isPending} onClick={() => submit(true)} data-testid="plan-dry-run">
            {t('dryRun')}
          </Button>
          <Button size="sm" variant="primary" disabled={mutation.isPending || !dry} onClick={() => submit(false)} data-testid="plan-start">
            {t('start')}
          </Button>
        </div>
        {dry && (
          <div className="mt-3" data-testid="plan-dry-result">
            <div className="small mb-1">{t('dryRunSummary', { version: dry.version, waves: dry.waves.length, excluded: dry.excluded.length })}</div>
            <Table size="sm" className="mb-0">
              <tbody>
                {dry.waves.map((w) => (
                  <tr key={w.wave}>
                    <th className="text-nowrap">{w.canary ? t('canary') : t('wave', { n: w.wave })}</th>
                    <td className="small">{w.tenants.map((x) => `${x.subdomain} (${x.version})`).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        )}
      </Card.Body>
    </Card>
  );
}
