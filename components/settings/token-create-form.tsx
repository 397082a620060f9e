'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { Col, Form, Row } from 'react-bootstrap';
import { createApiTokenSchema } from '@/lib/auth/api-token-schema';
import { useCreateToken } from '@/client/queries/use-tokens';
import { toFieldErrors, type FieldErrors } from '@/components/ui/field-errors';
import { FormField, controlProps } from '@/components/ui/form-field';
import { SubmitButton } from '@/components/ui/submit-button';
import { useToast } from '@/components/ui/toast-provider';
import { useErrorText } from '@/components/ui/use-error-text';
import { useValidationText } from '@/components/ui/use-validation-text';

const EXPIRY_DAYS = ['30', '90', '365', ''];

/** Name, scopes (never beyond the user's own permissions) and expiry of a new API token. */
export function TokenCreateForm({ permissions, onCreated }: { permissions: string[]; onCreated: (token: string, name: string) => void }) {
  const t = useTranslations('tokens');
  const toast = useToast();
  const errorText = useErrorText();
  const describe = useValidationText();
  const create = useCreateToken();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(permissions);
  const [expiry, setExpiry] = useState('90');
  const [errors, setErrors] = useState<FieldErrors>({});

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = createApiTokenSchema.safeParse({ name, scopes, expires_in_days: expiry ? Number(expiry) : null });
    if (!parsed.success) return setErrors(toFieldErrors(parsed.error, describe));
    try {
      const created = await create.mutateAsync(parsed.data);
      setErrors({});
      setName('');
      toast.success(t('created', { name: created.name }));
      onCreated(created.token, created.name);
    } catch (err) {
      setErrors(toFieldErrors(err, describe));
      toast.error(errorText(err));
    }
  }

  const toggle = (scope: string, on: boolean) => setScopes((all) => (on ? [...all, scope] : all.filter((s) => s !== scope)));
  return (
    <Form onSubmit={submit} noValidate data-testid="token-create-form" aria-label={t('createTitle')}>
      <Row>
        <Col md={7}>
          <FormField id="token-name" label={t('name')} error={errors.name} help={t('nameHelp')}>
            <Form.Control value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" {...controlProps('token-name', errors.name, true)} />
          </FormField>
        </Col>
        <Col md={5}>
          <FormField id="token-expiry" label={t('expiry')} error={errors.expires_in_days}>
            <Form.Select value={expiry} onChange={(e) => setExpiry(e.target.value)} {...controlProps('token-expiry', errors.expires_in_days)}>
              {EXPIRY_DAYS.map((d) => <option key={d} value={d}>{d ? t('days', { count: Number(d) }) : t('noExpiry')}</option>)}
            </Form.Select>
          </FormField>
        </Col>
      </Row>
      <fieldset className="mb-3" aria-describedby={errors.scopes ? 'token-scopes-error' : undefined}>
        <legend className="form-label fs-6">{t('scopes')}</legend>
        <div className="d-flex flex-wrap gap-3">
          {permissions.map((scope) => (
            <Form.Check key={scope} id={`scope-${scope}`} type="checkbox" label={<><code>{scope}</code> <span className="text-body-secondary small">{t(`scopeLabels.${scope.replace(':', '_')}`)}</span></>} checked={scopes.includes(scope)} onChange={(e) => toggle(scope, e.target.checked)} />
          ))}
        </div>
        {errors.scopes && <div className="invalid-feedback d-block" id="token-scopes-error">{errors.scopes}</div>}
      </fieldset>
      <SubmitButton pending={create.isPending} data-testid="create-token">{t('create')}</SubmitButton>
    </Form>
  );
}
