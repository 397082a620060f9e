'use client';

import { useTranslations } from 'next-intl';
import { toApiError } from '@/client/queries/api-error';

/** The error's details that a catalogue text may name ({domain}, {retryAt}…): its strings and numbers. */
export function detailValues(details: unknown): Record<string, string | number> {
  if (!details || typeof details !== 'object') return {};
  return Object.fromEntries(Object.entries(details).filter((e): e is [string, string | number] => typeof e[1] === 'string' || typeof e[1] === 'number'));
}

/** The `{name}` arguments a catalogue text names. */
export function namedValues(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
}

/**
 * The user's-language text of any error: `errors.<CODE>` from the catalogue, filled with the
 * error's details, else the server's message (also when a detail the text names is missing).
 */
export function useErrorText(): (err: unknown) => string {
  const te = useTranslations('errors');
  return (err: unknown) => {
    const error = toApiError(err);
    if (!te.has(error.code)) return error.message || te('INTERNAL');
    const values = detailValues(error.details);
    if (namedValues(String(te.raw(error.code))).some((name) => !(name in values))) return error.message || te('INTERNAL');
    return te(error.code, values);
  };
}
