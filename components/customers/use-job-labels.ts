'use client';

import { useFormatter, useTranslations } from 'next-intl';

/** Human labels for job kinds, states and step names, and localised durations. */
export function useJobLabels() {
  const t = useTranslations('jobs');
  const format = useFormatter();
  return {
    kind: (kind: string) => (t.has(`kinds.${kind}`) ? t(`kinds.${kind}`) : kind),
    state: (state: string) => (t.has(`states.${state}`) ? t(`states.${state}`) : state),
    // A delete job's "proxy" and "containers" remove things; the same names in a deploy create them.
    // Likewise backup and restore steps have their own labels (`<kind>Steps`).
    step: (name: string, kind?: string) => {
      if (kind && ['delete', 'backup', 'restore', 'upgrade', 'move'].includes(kind) && t.has(`${kind}Steps.${name}`)) return t(`${kind}Steps.${name}`);
      return t.has(`steps.${name}`) ? t(`steps.${name}`) : name;
    },
    duration: (ms: number | null) => {
      if (ms === null) return '';
      if (ms < 1000) return t('milliseconds', { value: format.number(ms) });
      return t('seconds', { value: format.number(ms / 1000, { maximumFractionDigits: 1 }) });
    },
  };
}
