'use client';

import { Alert, Button } from 'react-bootstrap';
import { useTranslations } from 'next-intl';
import { toApiError } from '@/client/queries/api-error';
import { useErrorText } from './use-error-text';

/** An error in the user's language, with the server's detail for the curious and an optional retry. */
export function ErrorAlert({ error, onRetry, className }: { error: unknown; onRetry?: () => void; className?: string }) {
  const t = useTranslations('common');
  const errorText = useErrorText();
  if (!error) return null;
  const apiError = toApiError(error);
  const text = errorText(apiError);
  return (
    <Alert variant="danger" className={className} role="alert" data-testid="error-alert" data-code={apiError.code}>
      <div>{text}</div>
      {apiError.message && apiError.message !== text && <div className="small text-body-secondary mt-1">{apiError.message}</div>}
      {onRetry && (
        <Button size="sm" variant="outline-danger" className="mt-2" onClick={onRetry}>
          {t('retry')}
        </Button>
      )}
    </Alert>
  );
}
