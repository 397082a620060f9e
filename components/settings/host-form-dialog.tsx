'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState, type FormEvent } from 'react';
import { Button, Col, Form, Modal, Row } from 'react-bootstrap';
import { createHostSchema, updateHostSchema, type HostView } from '@/lib/hosts/schemas';
import { useCreateHost, useUpdateHost } from '@/client/queries/use-hosts';
import { toFieldErrors, type FieldErrors } from '@/components/ui/field-errors';
import { FormField, controlProps } from '@/components/ui/form-field';
import { SubmitButton } from '@/components/ui/submit-button';
import { useToast } from '@/components/ui/toast-provider';
import { useErrorText } from '@/components/ui/use-error-text';
import { useValidationText } from '@/components/ui/use-validation-text';
import { EMPTY_HOST_FORM, createHostBody, hostFormValues, updateHostBody, type HostFormKey } from './host-form-values';

/**
 * Add a Docker host, or edit one (`host`): its endpoint decides whether an SSH key and host key or
 * TLS material is asked for. Edits send only what changed; stored key material left empty is kept.
 */
export function HostFormDialog({ show, onClose, host }: { show: boolean; onClose: () => void; host?: HostView | null }) {
  const t = useTranslations('hosts');
  const tc = useTranslations('common');
  const toast = useToast();
  const errorText = useErrorText();
  const describe = useValidationText();
  const create = useCreateHost();
  const update = useUpdateHost();
  const [initial, setInitial] = useState(EMPTY_HOST_FORM);
  const [values, setValues] = useState(EMPTY_HOST_FORM);
  const [errors, setErrors] = useState<FieldErrors>({});
  const editing = Boolean(host);
  const pending = create.isPending || update.isPending;
  const hostId = host?.id;

  // Filled when the dialog opens (or another host is chosen), not on every refetch of the list:
  // a poll must not reset what is being typed.
  useEffect(() => {
    if (!show) return;
    const start = host ? hostFormValues(host) : EMPTY_HOST_FORM;
    setErrors({});
    setInitial(start);
    setValues(start);
  }, [show, hostId]);

  const set = (key: HostFormKey) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: e.target.value }));
  const ssh = values.endpoint.trim().startsWith('ssh://');
  const tls = values.endpoint.trim().startsWith('tcp://');

  /** Saves and returns the success message ('' when nothing changed), or null after a refusal in the browser. */
  async function save(): Promise<string | null> {
    if (!host) {
      const parsed = createHostSchema.safeParse(createHostBody(values));
      if (!parsed.success) {
        setErrors(toFieldErrors(parsed.error, describe));
        return null;
      }
      await create.mutateAsync(parsed.data);
      return t('created', { name: parsed.data.name });
    }
    const body = updateHostBody(initial, values);
    if (Object.keys(body).length === 0) return '';
    const parsed = updateHostSchema.safeParse(body);
    if (!parsed.success) {
      setErrors(toFieldErrors(parsed.error, describe));
      return null;
    }
    const saved = await update.mutateAsync({ id: host.id, input: parsed.data });
    return t('updated', { name: saved.name });
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    try {
      const done = await save();
      if (done === null) return;
      if (done) toast.success(done);
      onClose();
    } catch (err) {
      // The server's 422 names its fields like the browser's check does.
      setErrors(toFieldErrors(err, describe));
      toast.error(errorText(err));
    }
  }

  const field = (key: HostFormKey, opts: { required?: boolean; help?: string; area?: boolean; placeholder?: string; numeric?: boolean } = {}) => (
    <FormField id={`host-${key}`} label={t(`fields.${key}`)} error={errors[key]} help={opts.help}>
      {opts.area ? (
        <Form.Control as="textarea" rows={4} className="font-monospace small" value={values[key]} onChange={set(key)} autoComplete="off" spellCheck={false} {...controlProps(`host-${key}`, errors[key], Boolean(opts.help))} />
      ) : (
        <Form.Control value={values[key]} onChange={set(key)} placeholder={opts.placeholder} required={opts.required} inputMode={opts.numeric ? 'numeric' : undefined} autoComplete="off" spellCheck={false} {...controlProps(`host-${key}`, errors[key], Boolean(opts.help))} />
      )}
    </FormField>
  );
  // Stored key material is never shown: when editing, an empty field keeps it.
  const secret = (key: HostFormKey, help?: string) => field(key, { required: !editing, area: true, help: editing ? t('keepSecretHelp') : help });

  return (
    <Modal show={show} onHide={onClose} centered size="lg" aria-labelledby="host-form-title" data-testid="host-form">
      <Form onSubmit={submit} noValidate>
        <Modal.Header closeButton closeLabel={tc('close')}>
          <Modal.Title id="host-form-title" as="h2" className="h5">{host ? t('editTitle', { name: host.name }) : t('createTitle')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          {field('name', { required: true })}
          {field('endpoint', { required: true, help: t('endpointHelp'), placeholder: 'ssh://deploy@host.example.com' })}
          {ssh && secret('ssh_private_key', t('sshKeyHelp'))}
          {ssh && field('ssh_host_key', { help: t('sshHostKeyHelp'), placeholder: 'SHA256:…' })}
          {tls && secret('tls_ca')}
          {tls && secret('tls_cert')}
          {tls && secret('tls_key')}
          {field('public_address', { required: true, help: t('publicAddressHelp') })}
          {field('forward_address', { help: t('forwardAddressHelp') })}
          {field('tenant_root', { help: t('tenantRootHelp'), placeholder: '/var/lib/netbird-msp/tenants' })}
          <fieldset className="mb-3">
            <legend className="form-label fs-6 mb-1">{t('portRanges')}</legend>
            <p className="small text-body-secondary mb-2">{t('portRangesHelp')}</p>
            <Row xs={1} sm={2}>
              {(['dashboard_port_start', 'dashboard_port_end', 'relay_port_start', 'relay_port_end'] as const).map((key) => (
                <Col key={key}>{field(key, { numeric: true })}</Col>
              ))}
            </Row>
          </fieldset>
          {field('labels', { help: t('labelsHelp') })}
        </Modal.Body>
        <Modal.Footer>
          <Button variant="secondary" onClick={onClose} disabled={pending}>{tc('cancel')}</Button>
          <SubmitButton pending={pending} data-testid="host-form-submit">{editing ? t('save') : t('create')}</SubmitButton>
        </Modal.Footer>
      </Form>
    </Modal>
  );
}
