'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState, type FormEvent } from 'react';
import { Button, Form, Modal } from 'react-bootstrap';
import { createHostSchema } from '@/lib/hosts/schemas';
import { useCreateHost } from '@/client/queries/use-hosts';
import { toFieldErrors, type FieldErrors } from '@/components/ui/field-errors';
import { FormField, controlProps } from '@/components/ui/form-field';
import { SubmitButton } from '@/components/ui/submit-button';
import { useToast } from '@/components/ui/toast-provider';
import { useErrorText } from '@/components/ui/use-error-text';
import { useValidationText } from '@/components/ui/use-validation-text';

const EMPTY = { name: '', endpoint: '', ssh_private_key: '', tls_ca: '', tls_cert: '', tls_key: '', public_address: '', forward_address: '', labels: '' };
type Key = keyof typeof EMPTY;

/** Add a Docker host: its endpoint decides whether an SSH key or TLS material is asked for. */
export function HostFormDialog({ show, onClose }: { show: boolean; onClose: () => void }) {
  const t = useTranslations('hosts');
  const tc = useTranslations('common');
  const toast = useToast();
  const errorText = useErrorText();
  const describe = useValidationText();
  const create = useCreateHost();
  const [values, setValues] = useState(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});

  useEffect(() => {
    if (!show) return;
    setErrors({});
    setValues(EMPTY);
  }, [show]);

  const set = (key: Key) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: e.target.value }));
  const ssh = values.endpoint.trim().startsWith('ssh://');
  const tls = values.endpoint.trim().startsWith('tcp://');

  async function submit(event: FormEvent) {
    event.preventDefault();
    const optional = (v: string) => v.trim() || undefined;
    const parsed = createHostSchema.safeParse({
      name: values.name,
      endpoint: values.endpoint,
      public_address: values.public_address,
      forward_address: optional(values.forward_address),
      labels: values.labels.split(',').map((l) => l.trim()).filter(Boolean),
      ...(ssh ? { ssh_private_key: optional(values.ssh_private_key) } : {}),
      ...(tls ? { tls_ca: optional(values.tls_ca), tls_cert: optional(values.tls_cert), tls_key: optional(values.tls_key) } : {}),
    });
    if (!parsed.success) return setErrors(toFieldErrors(parsed.error, describe));
    try {
      await create.mutateAsync(parsed.data);
      toast.success(t('created', { name: parsed.data.name }));
      onClose();
    } catch (err) {
      setErrors(toFieldErrors(err, describe));
      toast.error(errorText(err));
    }
  }

  const field = (key: Key, opts: { required?: boolean; help?: string; area?: boolean; placeholder?: string } = {}) => (
    <FormField id={`host-${key}`} label={t(`fields.${key}`)} error={errors[key]} help={opts.help}>
      {opts.area ? (
        <Form.Control as="textarea" rows={4} className="font-monospace small" value={values[key]} onChange={set(key)} autoComplete="off" spellCheck={false} {...controlProps(`host-${key}`, errors[key], opts.required)} />
      ) : (
        <Form.Control value={values[key]} onChange={set(key)} placeholder={opts.placeholder} autoComplete="off" spellCheck={false} {...controlProps(`host-${key}`, errors[key], opts.required)} />
      )}
    </FormField>
  );

  return (
    <Modal show={show} onHide={onClose} centered size="lg" aria-labelledby="host-form-title" data-testid="host-form">
      <Form onSubmit={submit} noValidate>
        <Modal.Header closeButton closeLabel={tc('close')}>
          <Modal.Title id="host-form-title" as="h2" className="h5">{t('createTitle')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          {field('name', { required: true })}
          {field('endpoint', { required: true, help: t('endpointHelp'), placeholder: 'ssh://deploy@host.example.com' })}
          {ssh && field('ssh_private_key', { required: true, area: true, help: t('sshKeyHelp') })}
          {tls && field('tls_ca', { required: true, area: true })}
          {tls && field('tls_cert', { required: true, area: true })}
          {tls && field('tls_key', { required: true, area: true })}
          {field('public_address', { required: true, help: t('publicAddressHelp') })}
          {field('forward_address', { help: t('forwardAddressHelp') })}
          {field('labels', { help: t('labelsHelp') })}
        </Modal.Body>
        <Modal.Footer>
          <Button variant="secondary" onClick={onClose} disabled={create.isPending}>{tc('cancel')}</Button>
          <SubmitButton pending={create.isPending} data-testid="host-form-submit">{t('create')}</SubmitButton>
        </Modal.Footer>
      </Form>
    </Modal>
  );
}
