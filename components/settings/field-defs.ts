import type { SettingKey } from '@/lib/settings/schema';

/** `list`: a text box of comma- or space-separated values, stored as an array. */
export type FieldKind = 'text' | 'email' | 'number' | 'url' | 'password' | 'select' | 'list';

export interface FieldDef {
  key: SettingKey;
  kind: FieldKind;
  /** Select options: value → message key under `settings.options`. */
  options?: { value: string; label: string }[];
  /** Half width on wide screens (pairs such as port ranges). */
  half?: boolean;
  /** Saved with the form but drawn by its own control (e.g. the certificate picker). */
  custom?: boolean;
}

// Settings stored as null when the form field is empty.
const NULLABLE: SettingKey[] = ['wildcard_cert_id', 'default_language'];

/** Form values (strings) → the settings API's input. An empty secret means "keep the saved one". */
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

/** Settings from the API → form values. Secrets start empty: the API never returns them. */
export function toFormValues(settings: Record<string, unknown> | undefined, fields: FieldDef[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of fields) {
    const value = field.kind === 'password' ? '' : settings?.[field.key];
    values[field.key] = value === null || value === undefined ? '' : Array.isArray(value) ? value.join(', ') : String(value);
  }
  return values;
}
