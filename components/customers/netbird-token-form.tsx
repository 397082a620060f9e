'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { Form } from 'react-bootstrap';
import { useSetNetbirdToken } from '@/client/queries/use-netbird-token';
import { setNetbirdTokenSchema } from '@/lib/insight/schemas';
import { toFieldErrors, type FieldErrors, type Issue } from '@/components/ui/field-errors';
import { FormField, controlProps } from '@/components/ui/form-field';
import { SubmitButton } from '@/components/ui/submit-button';
import { useErrorText } from '@/components/ui/use-error-text';
import { useValidationText } from '@/components/ui/use-validation-text';

/**
 * For a tenant whose owner the customer set up (the appliance got no NetBird token): paste a
 * personal access token of an owner or admin. The server tries it against the tenant's API before
 * storing it sealed; insight is gathered right after.
 */
export function NetbirdTokenForm({ customerId }: { customerId: string }) {
  const t = useTranslations('customers.netbird');
  const errorText = useErrorText();
  const validation = useValidationText();
  const save = useSetNetbirdToken(customerId);
  const [token, setToken] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  // NetBird's refusal has its own words; every other issue is described like the rest of the forms.
  const describe = (issue: Issue) => (issue.code === 'token_refused' ? t('tokenRefused') : validation(issue));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = setNetbirdTokenSchema.safeParse({ token });
    if (!parsed.success) return setErrors(toFieldErrors(parsed.error, describe));
    setErrors({});
    try {
      await save.mutateAsync(parsed.data);
      setToken('');
    } catch (err) {
      const fields = toFieldErrors(err, describe);
      setErrors(Object.keys(fields).length ? fields : { token: errorText(err) });
    }
  }

  return (
    <Form onSubmit={submit} noValidate className="mt-3" data-testid="netbird-token-form">
      <FormField id="netbird-token" label={t('tokenLabel')} error={errors.token} help={t('tokenHelp')}>
        <Form.Control
          type="password"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          placeholder="nbp_…"
          autoComplete="off"
          spellCheck={false}
          {...controlProps('netbird-token', errors.token, true)}
        />
      </FormField>
      <SubmitButton pending={save.isPending} size="sm" data-testid="netbird-token-save">{save.isPending ? t('tokenChecking') : t('tokenSave')}</SubmitButton>
      {save.isSuccess && <span className="small text-success ms-2" role="status" data-testid="netbird-token-saved">{t('tokenSaved')}</span>}
    </Form>
  );
}
