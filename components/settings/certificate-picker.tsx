'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { Button, Form } from 'react-bootstrap';
import { useNpmCertificates } from '@/client/queries/use-npm';
import { ErrorAlert } from '@/components/ui/error-alert';
import { FormField, controlProps } from '@/components/ui/form-field';
import { npmDraftOf } from './npm-draft-values';
import type { SettingsFormState } from './use-settings-form';

/** The value once it has stopped changing for a moment, so typing a URL does not ask NPM per key. */
function useSettled<T>(value: T, ms = 600): T {
  const [settled, setSettled] = useState(value);
  const latest = useRef(value);
  latest.current = value;
  // Compared by content: a new object with the same values is not a change.
  const key = JSON.stringify(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(latest.current), ms);
    return () => clearTimeout(timer);
  }, [key, ms]);
  return settled;
}

/** Picks NPM's wildcard certificate; the list comes from NPM with the URL and email in the form. */
export function CertificatePicker({ form }: { form: SettingsFormState }) {
  const t = useTranslations('settings');
  const format = useFormatter();
  const draft = useSettled(npmDraftOf(form.values));
  // The server sends the saved password only to the saved URL: another URL waits for a typed password.
  // (The form's own settings query: a second observer here would refetch and reset the unsaved form.)
  const savedUrl = form.query.data?.npm_api_url ?? '';
  const needsPassword = Boolean(draft.npm_api_url) && draft.npm_api_url?.trim() !== savedUrl.trim() && !draft.npm_api_password;
  const certs = useNpmCertificates(draft, Boolean(draft.npm_api_url) && !needsPassword);
  const id = 'setting-wildcard_cert_id';
  const error = form.errors.wildcard_cert_id;
  const current = form.values.wildcard_cert_id ?? '';
  const items = certs.data?.items ?? [];
  return (
    <FormField id={id} label={t('fields.wildcard_cert_id')} error={error} help={t('help.wildcard_cert_id')}>
      <div className="d-flex gap-2">
        <Form.Select
          {...controlProps(id, error, true)}
          value={current}
          disabled={certs.isFetching}
          onChange={(e) => form.setValue('wildcard_cert_id', e.target.value)}
          data-testid="certificate-picker"
        >
          <option value="">{certs.isFetching ? t('loadingCertificates') : t('chooseCertificate')}</option>
          {current && !items.some((c) => String(c.id) === current) && <option value={current}>#{current}</option>}
          {items.map((c) => (
            <option key={c.id} value={String(c.id)}>
              {c.nice_name || c.domain_names.join(', ')} (#{c.id}
              {c.expires_on ? `, ${t('expires', { date: format.dateTime(new Date(c.expires_on), { dateStyle: 'medium' }) })}` : ''})
            </option>
          ))}
        </Form.Select>
        <Button variant="outline-secondary" disabled={needsPassword} onClick={() => certs.refetch()} aria-label={t('reloadCertificates')} title={t('reloadCertificates')}>
          <i className="bi bi-arrow-clockwise" aria-hidden />
        </Button>
      </div>
      {needsPassword && (
        <Form.Text className="d-block" data-testid="certificate-picker-needs-password">
          {t('certificatesNeedPassword')}
        </Form.Text>
      )}
      {certs.error && <ErrorAlert className="mt-2" error={certs.error} />}
    </FormField>
  );
}
