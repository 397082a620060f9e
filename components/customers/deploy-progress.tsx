'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Alert, Button } from 'react-bootstrap';
import { SubmitButton } from '@/components/ui/submit-button';
import { useErrorText } from '@/components/ui/use-error-text';
import { useCustomer, useOperateCustomer } from '@/client/queries/use-customers';
import { useJobEvents, type JobView } from '@/client/queries/use-job-events';
import type { CustomerAbilities } from './abilities';
import { CopyField } from './copy-field';
import { CredentialsPanel } from './credentials-panel';
import { JobSteps } from './job-steps';
import { useJobLabels } from './use-job-labels';

interface Props {
  customerId: string;
  name: string;
  initialJob: JobView;
  abilities: CustomerAbilities;
  onAnother: () => void;
}

/** Live steps of the deploy job, ending in the customer's addresses and credentials — or the failed step and a retry. */
export function DeployProgress({ customerId, name, initialJob, abilities, onAnother }: Props) {
  const t = useTranslations('customers.progress');
  const to = useTranslations('customers.overview');
  const labels = useJobLabels();
  const errorText = useErrorText();
  const [generation, setGeneration] = useState(0);
  const events = useJobEvents(customerId, generation);
  const operate = useOperateCustomer();
  const [retryError, setRetryError] = useState<string | null>(null);
  const job = events.job ?? (generation === 0 ? initialJob : null);
  const finished = events.done && job !== null;
  const succeeded = finished && job.state === 'succeeded';
  const failed = finished && job.state !== 'succeeded';
  const customer = useCustomer(customerId);
  const failedStep = job?.steps.find((s) => s.state === 'failed');

  async function retry() {
    setRetryError(null);
    try {
      await operate.mutateAsync({ id: customerId, operation: 'deploy' });
      setGeneration((g) => g + 1);
    } catch (err) {
      setRetryError(errorText(err));
    }
  }

  return (
    <div data-testid="deploy-progress">
      <h2 className="h5 mb-3">{t('title', { name })}</h2>
      {job ? <JobSteps job={job} showProgress /> : <p role="status">{t('waiting')}</p>}
      {events.failed && !finished && <Alert variant="warning" className="mt-3">{t('streamFailed')}</Alert>}
      {succeeded && (
        <div className="mt-4" data-testid="deploy-succeeded">
          <Alert variant="success" role="status">
            <i className="bi bi-check-circle-fill me-2" aria-hidden />
            {t('succeeded', { name })}
          </Alert>
          {customer.data && (
            <>
              <CopyField label={to('url')} value={customer.data.url} copyLabel={to('copyUrl')} href openLabel={to('openUrl', { url: customer.data.url })} testId="result-url" />
              <CopyField label={to('setupUrl')} value={customer.data.setup_url} copyLabel={to('copySetupUrl')} testId="result-setup-url" />
            </>
          )}
          {abilities.credentials && <div className="mt-3"><CredentialsPanel customerId={customerId} initiallyShown /></div>}
        </div>
      )}
      {failed && (
        <Alert variant="danger" className="mt-4" role="alert" data-testid="deploy-failed">
          <div className="fw-semibold">{failedStep ? t('failed', { step: labels.step(failedStep.name, job.kind) }) : t('failedNoStep')}</div>
          {(failedStep?.message || job.error) && <div className="small mt-1 text-break">{failedStep?.message ?? job.error}</div>}
          {retryError && <div className="small mt-2">{retryError}</div>}
          {abilities.operate && (
            <SubmitButton type="button" variant="outline-danger" size="sm" className="mt-2" pending={operate.isPending} onClick={retry} data-testid="retry-deploy">
              {operate.isPending ? t('retrying') : t('retry')}
            </SubmitButton>
          )}
        </Alert>
      )}
      {finished && (
        <div className="d-flex flex-wrap gap-2 mt-3">
          <Link href={`/customers/${customerId}`} className="btn btn-primary" data-testid="open-customer">{t('open')}</Link>
          <Button variant="outline-secondary" onClick={onAnother}>{t('another')}</Button>
        </div>
      )}
    </div>
  );
}
