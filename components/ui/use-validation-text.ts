'use client';

import { useLocale, useTranslations } from 'next-intl';
import type { Issue } from './field-errors';

/**
 * The text of a field issue in the user's language. The schemas' own messages
 * are English and specific ("must be a domain like …"), so English shows them;
 * other languages get a translated message chosen by the issue's code.
 */
export function useValidationText(): (issue: Issue) => string {
  const locale = useLocale();
  const t = useTranslations('ui.validation');
  return (issue) => {
    if (locale === 'en') return issue.message;
    const bound = issue.code === 'too_small' ? issue.minimum : issue.code === 'too_big' ? issue.maximum : undefined;
    const origin = issue.origin === 'string' || issue.origin === 'number' || issue.origin === 'array' ? issue.origin : 'value';
    if (bound !== undefined && (issue.code === 'too_small' || issue.code === 'too_big')) return t(`${issue.code}_${origin}`, { bound: Number(bound) });
    const known = ['invalid_format', 'invalid_type', 'invalid_value', 'unrecognized_keys', 'too_small', 'too_big'];
    const code = issue.code ?? '';
    return t(known.includes(code) ? code : 'custom');
  };
}
