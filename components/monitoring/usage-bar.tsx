'use client';

import { ProgressBar } from 'react-bootstrap';

/** A thin bar that turns amber and red as a resource fills up. */
export function UsageBar({ percent, label }: { percent: number; label: string }) {
  const variant = percent >= 90 ? 'danger' : percent >= 75 ? 'warning' : 'primary';
  return <ProgressBar now={Math.min(100, Math.max(0, percent))} variant={variant} style={{ height: 6 }} aria-label={label} className="mt-2" />;
}
