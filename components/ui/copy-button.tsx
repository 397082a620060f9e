'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button } from 'react-bootstrap';

/** Copies a value; says so for a moment (and to screen readers). */
export function CopyButton({ value, label, size = 'sm' }: { value: string; label?: string; size?: 'sm' | 'lg' }) {
  const t = useTranslations('common');
  const [copied, setCopied] = useState(false);
  const [failed, setFailed] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setFailed(false);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // Clipboard access needs a secure context; the value stays selectable on the page.
      setFailed(true);
    }
  }

  return (
    <Button variant={failed ? 'outline-danger' : 'outline-secondary'} size={size} onClick={copy} aria-label={label ?? t('copy')} data-testid="copy-button">
      <i className={`bi ${copied ? 'bi-clipboard-check' : 'bi-clipboard'}`} aria-hidden />
      <span className="ms-1" aria-live="polite">{copied ? t('copied') : t('copy')}</span>
    </Button>
  );
}
