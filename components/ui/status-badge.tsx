'use client';

import { Badge } from 'react-bootstrap';

const VARIANTS: Record<string, string> = {
  active: 'success', ok: 'success', enabled: 'success', success: 'success', running: 'success', healthy: 'success',
  deploying: 'info', pending: 'info', starting: 'info',
  inactive: 'secondary', disabled: 'secondary', stopped: 'secondary', expired: 'secondary', exited: 'secondary',
  error: 'danger', failed: 'danger', unhealthy: 'danger',
  deleting: 'warning', warning: 'warning', unreachable: 'warning',
};

/** A coloured badge for a status; the text is the translated label the caller passes. */
export function StatusBadge({ status, label }: { status: string; label: string }) {
  const variant = VARIANTS[status] ?? 'light';
  return (
    <Badge bg={variant} text={variant === 'light' || variant === 'warning' || variant === 'info' ? 'dark' : undefined} data-status={status}>
      {label}
    </Badge>
  );
}
