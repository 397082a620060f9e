import 'server-only';
import { db } from '../db';

export interface JobStepView {
  position: number;
  name: string;
  state: string;
  message: string | null;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
}

export interface JobView {
  id: string;
  customer_id: string | null;
  kind: string;
  state: string;
  error: string | null;
  actor: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
  steps: JobStepView[];
}

type StepRow = { position: number; name: string; state: string; message: string | null; startedAt: Date | null; finishedAt: Date | null };
type JobRow = {
  id: string; customerId: string | null; kind: string; state: string; error: string | null; actor: string | null;
  createdAt: Date; startedAt: Date | null; finishedAt: Date | null; steps: StepRow[];
};

function duration(start: Date | null, end: Date | null): number | null {
  return start && end ? end.getTime() - start.getTime() : null;
}

export function toJobView(job: JobRow): JobView {
  return {
    id: job.id,
    customer_id: job.customerId,
    kind: job.kind,
    state: job.state,
    error: job.error,
    actor: job.actor,
    created_at: job.createdAt.toISOString(),
    started_at: job.startedAt?.toISOString() ?? null,
    finished_at: job.finishedAt?.toISOString() ?? null,
    duration_ms: duration(job.startedAt, job.finishedAt),
    steps: [...job.steps]
      .sort((a, b) => a.position - b.position)
      .map((s) => ({
        position: s.position,
        name: s.name,
        state: s.state,
        message: s.message,
        started_at: s.startedAt?.toISOString() ?? null,
        finished_at: s.finishedAt?.toISOString() ?? null,
        duration_ms: duration(s.startedAt, s.finishedAt),
      })),
  };
}

export async function loadJobView(jobId: string): Promise<JobView | null> {
  const job = await db().job.findUnique({ where: { id: jobId }, include: { steps: true } });
  return job ? toJobView(job) : null;
}
