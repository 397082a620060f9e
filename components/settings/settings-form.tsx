'use client';

import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { Card, Form, Placeholder } from 'react-bootstrap';
import { ErrorAlert } from '@/components/ui/error-alert';
import { SubmitButton } from '@/components/ui/submit-button';
import type { PublicSettings } from '@/lib/settings/public-view';
import type { FieldDef } from './field-defs';
import { SettingsFields } from './settings-fields';
import { useSettingsForm, type SettingsFormState } from './use-settings-form';

interface Props {
  id: string;
  title: string;
  description?: string;
  fields: FieldDef[];
  placeholders?: (data: PublicSettings) => Record<string, string>;
  help?: (data: PublicSettings) => Record<string, string>;
  /** Extra controls below the fields (test buttons, pickers) sharing the form state. */
  children?: (form: SettingsFormState) => ReactNode;
}

/** A Settings tab: its fields, loaded from GET /api/settings and saved through the settings action. */
export function SettingsForm({ id, title, description, fields, placeholders, help, children }: Props) {
  const t = useTranslations('settings');
  const form = useSettingsForm(fields);
  const data = form.query.data;
  return (
    <Card>
      <Card.Body>
        <h2 className="h5">{title}</h2>
        {description && <p className="text-body-secondary">{description}</p>}
        {form.query.error && <ErrorAlert error={form.query.error} onRetry={() => form.query.refetch()} />}
        {form.query.isPending ? (
          <Placeholder as="div" animation="glow" aria-busy="true" aria-label={t('loading')}>
            <Placeholder xs={12} className="mb-3" size="lg" />
            <Placeholder xs={12} className="mb-3" size="lg" />
          </Placeholder>
        ) : (
          <Form onSubmit={form.submit} noValidate data-testid={`settings-form-${id}`} aria-label={title}>
            <SettingsFields fields={fields} form={form} placeholders={data && placeholders?.(data)} help={data && help?.(data)} />
            {children?.(form)}
            <SubmitButton pending={form.saving} data-testid={`save-${id}`}>
              {form.saving ? t('saving') : t('save')}
            </SubmitButton>
          </Form>
        )}
      </Card.Body>
    </Card>
  );
}
