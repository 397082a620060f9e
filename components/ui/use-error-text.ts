'use client';

import { useTranslations } from 'next-intl';
import { toApiError } from '@/client/queries/api-error';

/** The user's-language text of any error: `errors.<CODE>` from the catalogue, else the server's message. */
export function useErrorText(): (err: unknown) => string {
  const te = useTranslations('errors');
  return (err: unknown) => {
    const error = toApiError(err);
    return te.has(error.code) ? te(error.code) : error.message || te('INTERNAL');
  };
}
