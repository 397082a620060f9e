import { isSecretSettingKey } from '@/lib/settings/schema';
import type { EditableSettingKey, PublicSettings } from '@/lib/settings/public-view';

/** `list`: a text box of comma- or space-separated values, stored as an array. */
export type FieldKind = 'text' | 'email' | 'number' | 'url' | 'password' | 'select' | 'list';

export interface FieldDef {
  key: EditableSettingKey;
  kind: FieldKind;
  /** Select options: value → message key under `settings.options`. */
  options?: { value: string; label: string }[];
  /** Half width on wide screens (pairs such as port ranges). */
  half?: boolean;
  /** Saved with the form but drawn by its own control (e.g. the certificate picker). */
  custom?: boolean;
}

// Settings stored as null when the form field is empty.
const NULLABLE: EditableSettingKey[] = ['wildcard_cert_id', 'default_language'];

/**
 * Form values (strings) → the settings API's input, still unchecked: the form validates it with
 * the API's schema before sending. An empty secret means "keep the saved one".
 */
export function toSettingsInput(values: Record<string, string>, fields: FieldDef[]): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = values[field.key] ?? '';
    if (field.kind === 'password') {
      if (raw !== '') input[field.key] = raw;
    } else if (field.kind === 'list') {
      input[field.key] = raw.split(/[\s,]+/).filter(Boolean);
    } else if (NULLABLE.includes(field.key)) {
      input[field.key] = raw === '' ? null : raw;
    } else {
      input[field.key] = raw;
    }
  }
  return input;
}

function asText(value: PublicSettings[keyof PublicSettings] | undefined): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k} = ${v}`).join(', ');
  return String(value);
}

/** Settings from the API → form values. Secrets start empty: the API never returns them. */
export function toFormValues(settings: PublicSettings | undefined, fields: FieldDef[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of fields) {
    values[field.key] = !settings || isSecretSettingKey(field.key) ? '' : asText(settings[field.key]);
  }
  return values;
}
