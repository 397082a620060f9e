'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button, Card, ListGroup } from 'react-bootstrap';
import { ErrorAlert } from '@/components/ui/error-alert';
import { StatusBadge } from '@/components/ui/status-badge';
import { useCustomerJobs } from '@/client/queries/use-customer-jobs';
import type { JobView } from '@/client/queries/use-job-events';
import { JobSteps } from './job-steps';
import { useJobLabels } from './use-job-labels';

function JobItem({ job, open, onToggle }: { job: JobView; open: boolean; onToggle: () => void }) {
  const t = useTranslations('jobs');
  const labels = useJobLabels();
  const format = useFormatter();
  const stepsId = `job-steps-${job.id}`;
  return (
    <ListGroup.Item data-testid="job-item" data-kind={job.kind} data-state={job.state}>
      <div className="d-flex flex-wrap align-items-center gap-2">
        <span className="fw-semibold">{labels.kind(job.kind)}</span>
        <StatusBadge status={job.state} label={labels.state(job.state)} />
        <span className="small text-body-secondary">
          {format.dateTime(new Date(job.created_at), { dateStyle: 'medium', timeStyle: 'medium' })}
          {job.actor && ` · ${t('by', { actor: job.actor })}`}
          {job.duration_ms !== null && ` · ${t('took', { duration: labels.duration(job.duration_ms) })}`}
        </span>
        <Button size="sm" variant="link" className="ms-auto" onClick={onToggle} aria-expanded={open} aria-controls={stepsId} data-testid="toggle-steps">
          {open ? t('hideSteps') : t('showSteps')}
        </Button>
      </div>
      {job.error && <div className="small text-danger text-break mt-1">{t('error')}: {job.error}</div>}
      {open && <div id={stepsId} className="mt-2"><JobSteps job={job} /></div>}
    </ListGroup.Item>
  );
}

/** Every job the customer had, newest first, each with its steps and durations. */
export function ActivityTab({ customerId }: { customerId: string }) {
  const t = useTranslations('jobs');
  const jobs = useCustomerJobs(customerId);
  // The newest job starts opened: it is usually the one the operator came to look at.
  const [opened, setOpened] = useState<Record<string, boolean>>({});
  const items = jobs.data?.items ?? [];
  const isOpen = (job: JobView, index: number) => opened[job.id] ?? index === 0;
  return (
    <Card data-testid="activity-tab">
      <Card.Body>
        <h2 className="h5">{t('title')}</h2>
        {jobs.error && <ErrorAlert error={jobs.error} onRetry={() => jobs.refetch()} />}
        {jobs.isPending && <p role="status">{t('loading')}</p>}
        {jobs.data && items.length === 0 && <p className="mb-0">{t('none')}</p>}
        {items.length > 0 && (
          <ListGroup variant="flush">
            {items.map((job, i) => (
              <JobItem key={job.id} job={job} open={isOpen(job, i)} onToggle={() => setOpened((o) => ({ ...o, [job.id]: !isOpen(job, i) }))} />
            ))}
          </ListGroup>
        )}
      </Card.Body>
    </Card>
  );
}
