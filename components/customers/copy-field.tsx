'use client';

import { CopyButton } from '@/components/ui/copy-button';

interface Props {
  label: string;
  value: string | null;
  copyLabel: string;
  /** Show the value as a link opening in a new tab. */
  href?: boolean;
  openLabel?: string;
  testId?: string;
  empty?: string;
}

/** A labelled value (URL, password…) that wraps on a phone and can be copied. */
export function CopyField({ label, value, copyLabel, href = false, openLabel, testId, empty = '—' }: Props) {
  return (
    <div className="mb-2">
      <div className="small text-body-secondary">{label}</div>
      {value ? (
        <div className="d-flex flex-wrap align-items-center gap-2">
          {href ? (
            <a href={value} target="_blank" rel="noopener noreferrer" className="text-break" data-testid={testId} aria-label={openLabel}>
              {value}
            </a>
          ) : (
            <code className="text-break user-select-all" data-testid={testId}>{value}</code>
          )}
          <CopyButton value={value} label={copyLabel} />
        </div>
      ) : (
        <div data-testid={testId}>{empty}</div>
      )}
    </div>
  );
}
