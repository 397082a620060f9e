'use client';

import { useTranslations } from 'next-intl';
import { ProgressBar, Spinner } from 'react-bootstrap';
import type { JobView } from '@/client/queries/use-job-events';
import { useJobLabels } from './use-job-labels';

const ICONS: Record<string, string> = {
  pending: 'bi-circle text-body-tertiary',
  succeeded: 'bi-check-circle-fill text-success',
  failed: 'bi-x-circle-fill text-danger',
  skipped: 'bi-dash-circle text-secondary',
};

const FINISHED = ['succeeded', 'failed', 'skipped'];

function StepIcon({ state }: { state: string }) {
  if (state === 'running') return <Spinner animation="border" size="sm" variant="primary" aria-hidden />;
  return <i className={`bi ${ICONS[state] ?? ICONS.pending}`} aria-hidden />;
}

/** A job's steps with state icons, messages and durations; optionally an overall progress bar. */
export function JobSteps({ job, showProgress = false }: { job: JobView; showProgress?: boolean }) {
  const t = useTranslations('customers.progress');
  const labels = useJobLabels();
  const total = job.steps.length;
  const done = job.steps.filter((s) => FINISHED.includes(s.state)).length;
  const failed = job.state === 'failed';
  return (
    <div data-testid="job-steps" data-job-state={job.state}>
      {showProgress && (
        <div className="mb-3">
          <ProgressBar
            now={total ? (done / total) * 100 : 0}
            variant={failed ? 'danger' : job.state === 'succeeded' ? 'success' : 'primary'}
            animated={job.state === 'running' || job.state === 'queued'}
            aria-label={t('label')}
            data-testid="job-progress"
          />
          <div className="small text-body-secondary mt-1" aria-live="polite">{t('count', { done, total })}</div>
        </div>
      )}
      <ol className="list-unstyled mb-0">
        {job.steps.map((s) => (
          <li key={s.position} className="d-flex gap-2 py-1 border-bottom border-light-subtle" data-testid={`step-${s.name}`} data-state={s.state}>
            <span className="flex-shrink-0" style={{ width: '1.25rem' }}><StepIcon state={s.state} /></span>
            <div className="flex-grow-1 min-w-0">
              <div className="d-flex flex-wrap justify-content-between gap-2">
                <span className={s.state === 'pending' ? 'text-body-secondary' : 'fw-semibold'}>
                  {labels.step(s.name, job.kind)}
                  <span className="visually-hidden">: {labels.state(s.state)}</span>
                </span>
                {s.duration_ms !== null && <span className="small text-body-secondary text-nowrap">{labels.duration(s.duration_ms)}</span>}
              </div>
              {s.message && <div className={`small text-break ${s.state === 'failed' ? 'text-danger' : 'text-body-secondary'}`}>{s.message}</div>}
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
