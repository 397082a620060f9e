'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useEffect } from 'react';
import { Card } from 'react-bootstrap';
import { queryKeys } from '@/client/queries/keys';
import { useJobEvents } from '@/client/queries/use-job-events';
import { JobSteps } from './job-steps';
import { useJobLabels } from './use-job-labels';

/** The running job's steps, live; when it ends, every view of the customer is refreshed at once. */
export function ActiveJobCard({ customerId, jobId }: { customerId: string; jobId: string }) {
  const t = useTranslations('jobs');
  const labels = useJobLabels();
  const client = useQueryClient();
  const events = useJobEvents(customerId, jobId);

  useEffect(() => {
    if (events.done) void client.invalidateQueries({ queryKey: queryKeys.customers });
  }, [events.done, client]);

  if (!events.job || events.done) return null;
  return (
    <Card className="mb-3 border-info" data-testid="active-job">
      <Card.Header className="d-flex justify-content-between">
        <span className="fw-semibold">{labels.kind(events.job.kind)}</span>
        <span className="small">{labels.state(events.job.state)}</span>
      </Card.Header>
      <Card.Body>
        <JobSteps job={events.job} showProgress />
        {events.job.actor && <div className="small text-body-secondary mt-2">{t('by', { actor: events.job.actor })}</div>}
      </Card.Body>
    </Card>
  );
}
