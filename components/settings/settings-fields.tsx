'use client';

import { useTranslations } from 'next-intl';
import { Col, Form, Row } from 'react-bootstrap';
import { FormField, controlProps } from '@/components/ui/form-field';
import type { FieldDef } from './field-defs';
import type { SettingsFormState } from './use-settings-form';

const INPUT_TYPE = { text: 'text', email: 'email', number: 'number', url: 'url', password: 'password', list: 'text' } as const;

/** One labelled control per setting; labels and help come from `settings.fields` / `settings.help`. */
export function SettingsFields({ fields, form, placeholders = {}, help = {} }: {
  fields: FieldDef[];
  form: SettingsFormState;
  placeholders?: Record<string, string>;
  help?: Record<string, string>;
}) {
  const t = useTranslations('settings');
  return (
    <Row>
      {fields.filter((field) => !field.custom).map((field) => {
        const id = `setting-${field.key}`;
        const error = form.errors[field.key];
        const helpText = help[field.key] ?? (t.has(`help.${field.key}`) ? t(`help.${field.key}`) : undefined);
        const common = { name: field.key, value: form.values[field.key] ?? '', ...controlProps(id, error, Boolean(helpText)) };
        return (
          <Col key={field.key} xs={12} lg={field.half ? 6 : 12}>
            <FormField id={id} label={t(`fields.${field.key}`)} error={error} help={helpText}>
              {field.kind === 'select' ? (
                <Form.Select {...common} onChange={(e) => form.setValue(field.key, e.target.value)}>
                  {field.options?.map((o) => (
                    <option key={o.value} value={o.value}>
                      {t(`options.${o.label}`)}
                    </option>
                  ))}
                </Form.Select>
              ) : (
                <Form.Control
                  {...common}
                  type={INPUT_TYPE[field.kind]}
                  placeholder={placeholders[field.key]}
                  autoComplete={field.kind === 'password' ? 'new-password' : 'off'}
                  onChange={(e) => form.setValue(field.key, e.target.value)}
                />
              )}
            </FormField>
          </Col>
        );
      })}
    </Row>
  );
}
