'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { Alert, Col, Form, Row } from 'react-bootstrap';
import { toFieldErrors, type FieldErrors } from '@/components/ui/field-errors';
import { controlProps, FormField } from '@/components/ui/form-field';
import { SubmitButton } from '@/components/ui/submit-button';
import { useErrorText } from '@/components/ui/use-error-text';
import { useValidationText } from '@/components/ui/use-validation-text';
import { createCustomerSchema, updateCustomerSchema } from '@/lib/customers/schemas';
import type { HostChoice } from '@/lib/hosts/host-choices';

export interface CustomerFormValues {
  name: string;
  subdomain: string;
  email: string;
  max_devices: string;
  notes: string;
  /** '' = placement picks the host. */
  host_id?: string;
}

interface Props {
  mode: 'create' | 'edit';
  initial: CustomerFormValues;
  baseDomain: string;
  subdomainLocked?: boolean;
  submitLabel: string;
  pending: boolean;
  /** Resolves with the server's error (field issues are shown at their fields) or null on success. */
  onSubmit: (input: Record<string, unknown>) => Promise<unknown>;
  /** Docker hosts a new customer may go on; empty (only the local host) hides the choice. */
  hosts?: HostChoice[];
}

export const EMPTY_CUSTOMER: CustomerFormValues = { name: '', subdomain: '', email: '', max_devices: '20', notes: '' };

/** Name, subdomain, email, devices and notes, checked in the browser by the API's own zod schema. */
export function CustomerForm({ mode, initial, baseDomain, subdomainLocked = false, submitLabel, pending, onSubmit, hosts = [] }: Props) {
  const t = useTranslations('customers');
  const describe = useValidationText();
  const errorText = useErrorText();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = (key: keyof CustomerFormValues) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: e.target.value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const input: Record<string, unknown> = {
      name: values.name,
      email: values.email,
      max_devices: values.max_devices.trim() === '' ? Number.NaN : Number(values.max_devices),
      notes: values.notes.trim() === '' ? null : values.notes,
    };
    if (!subdomainLocked) input.subdomain = values.subdomain.trim().toLowerCase();
    if (mode === 'create' && values.host_id) input.host_id = values.host_id;
    const parsed = (mode === 'create' ? createCustomerSchema : updateCustomerSchema).safeParse(input);
    if (!parsed.success) {
      setErrors(toFieldErrors(parsed.error, describe));
      return;
    }
    setErrors({});
    const failure = await onSubmit(parsed.data as Record<string, unknown>);
    if (!failure) return;
    const fields = toFieldErrors(failure, describe);
    // An error that names no field (not allowed, engine down…) is shown above the form.
    setErrors(Object.keys(fields).length ? fields : { _: errorText(failure) });
  }

  const field = (key: keyof CustomerFormValues, hasHelp = false) => controlProps(`customer-${key}`, errors[key], hasHelp);
  const example = `${values.subdomain.trim().toLowerCase() || 'acme'}.${baseDomain || 'msp.example.com'}`;
  const hasErrors = Object.keys(errors).length > 0;

  return (
    <Form noValidate onSubmit={submit} data-testid="customer-form" aria-describedby={hasErrors ? 'customer-form-errors' : undefined}>
      {hasErrors && (
        <Alert variant="danger" id="customer-form-errors" role="alert">{errors._ ?? t('new.fixFields')}</Alert>
      )}
      <Row className="g-3">
        <Col md={6}>
          <FormField id="customer-name" label={t('fields.name')} error={errors.name} className="">
            <Form.Control value={values.name} onChange={set('name')} autoComplete="organization" required {...field('name')} />
          </FormField>
        </Col>
        <Col md={6}>
          <FormField id="customer-subdomain" label={t('fields.subdomain')} error={errors.subdomain} help={subdomainLocked ? t('help.subdomainLocked') : t('help.subdomain', { example })} className="">
            <Form.Control value={values.subdomain} onChange={set('subdomain')} disabled={subdomainLocked} autoCapitalize="none" spellCheck={false} required {...field('subdomain', true)} />
          </FormField>
        </Col>
        <Col md={6}>
          <FormField id="customer-email" label={t('fields.email')} error={errors.email} className="">
            <Form.Control type="email" value={values.email} onChange={set('email')} autoComplete="email" required {...field('email')} />
          </FormField>
        </Col>
        <Col md={6}>
          <FormField id="customer-max_devices" label={t('fields.max_devices')} error={errors.max_devices} help={t('help.max_devices')} className="">
            <Form.Control type="number" inputMode="numeric" min={1} max={10000} value={values.max_devices} onChange={set('max_devices')} required {...field('max_devices', true)} />
          </FormField>
        </Col>
        {mode === 'create' && hosts.length > 0 && (
          <Col md={6}>
            <FormField id="customer-host_id" label={t('fields.host')} error={errors.host_id} help={t('help.host')} className="">
              <Form.Select value={values.host_id ?? ''} onChange={set('host_id')} {...field('host_id', true)}>
                <option value="">{t('hostAutomatic')}</option>
                {hosts.map((h) => (
                  <option key={h.id} value={h.id} disabled={h.state !== 'ready'}>
                    {h.state === 'ready' ? h.name : `${h.name} (${t(`hostStates.${h.state}`)})`}
                  </option>
                ))}
              </Form.Select>
            </FormField>
          </Col>
        )}
        <Col xs={12}>
          <FormField id="customer-notes" label={t('fields.notes')} error={errors.notes} help={t('help.notes')} className="">
            <Form.Control as="textarea" rows={3} value={values.notes} onChange={set('notes')} {...field('notes', true)} />
          </FormField>
        </Col>
      </Row>
      <SubmitButton pending={pending} className="mt-3" data-testid="customer-submit">{submitLabel}</SubmitButton>
    </Form>
  );
}
