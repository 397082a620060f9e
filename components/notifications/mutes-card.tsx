'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { Button, Card, Col, Form, Row, Table } from 'react-bootstrap';
import { useCustomers } from '@/client/queries/use-customers';
import { useMute, useMutes, useUnmute } from '@/client/queries/use-notifications';
import { useToast } from '@/components/ui/toast-provider';
import { useErrorText } from '@/components/ui/use-error-text';

/** Maintenance: a muted tenant's events are recorded but not sent. */
export function MutesCard() {
  const t = useTranslations('notifications');
  const format = useFormatter();
  const toast = useToast();
  const errorText = useErrorText();
  const mutes = useMutes();
  const customers = useCustomers({ page: 1, per_page: 100, search: '', status: '', sort: 'name', order: 'asc' });
  const mute = useMute();
  const unmute = useUnmute();
  const [customerId, setCustomerId] = useState('');
  const [hours, setHours] = useState('');

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await mute.mutateAsync({ customer_id: customerId, hours: hours ? Number(hours) : null });
      toast.success(t('muted'));
      setCustomerId('');
      setHours('');
    } catch (err) {
      toast.error(errorText(err));
    }
  }

  async function lift(id: string) {
    try {
      await unmute.mutateAsync(id);
      toast.success(t('unmuted'));
    } catch (err) {
      toast.error(errorText(err));
    }
  }

  const items = mutes.data?.items ?? [];
  return (
    <Card>
      <Card.Body>
        <h2 className="h5">{t('mutesTitle')}</h2>
        <p className="text-body-secondary">{t('mutesIntro')}</p>
        <Form onSubmit={submit} className="mb-3">
          <Row className="g-2 align-items-end">
            <Col md={5}>
              <Form.Label htmlFor="mute-customer">{t('muteCustomer')}</Form.Label>
              <Form.Select id="mute-customer" value={customerId} onChange={(e) => setCustomerId(e.target.value)}>
                <option value="">–</option>
                {(customers.data?.items ?? []).map((c) => <option key={c.id} value={c.id}>{c.name} ({c.subdomain})</option>)}
              </Form.Select>
            </Col>
            <Col md={4}>
              <Form.Label htmlFor="mute-hours">{t('muteHours')}</Form.Label>
              <Form.Control id="mute-hours" type="number" min={1} value={hours} onChange={(e) => setHours(e.target.value)} />
            </Col>
            <Col md={3}>
              <Button type="submit" disabled={!customerId || mute.isPending}>{t('mute')}</Button>
            </Col>
          </Row>
        </Form>
        {items.length === 0 ? (
          <p className="mb-0">{t('noMutes')}</p>
        ) : (
          <Table size="sm" className="mb-0">
            <tbody>
              {items.map((m) => (
                <tr key={m.customer_id}>
                  <td>{m.name} ({m.subdomain})</td>
                  <td>{t('until')}: {m.until ? format.dateTime(new Date(m.until), { dateStyle: 'medium', timeStyle: 'short' }) : t('forever')}</td>
                  <td className="text-end"><Button size="sm" variant="outline-secondary" onClick={() => lift(m.customer_id)}>{t('unmute')}</Button></td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card.Body>
    </Card>
  );
}
