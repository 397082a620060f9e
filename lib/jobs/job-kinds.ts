import 'server-only';
import { DEPLOY_STEPS } from '../netbird/deploy-stack';

export const JOB_KINDS = ['deploy', 'redeploy', 'start', 'stop', 'restart', 'delete'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

const DEPLOY_JOB_STEPS = [...DEPLOY_STEPS, 'owner', 'proxy', 'activate'];

/** The steps each job shows, in order; created as `pending` so the UI can show the whole list at once. */
export const JOB_STEPS: Record<JobKind, string[]> = {
  deploy: DEPLOY_JOB_STEPS,
  redeploy: DEPLOY_JOB_STEPS,
  start: ['start', 'health', 'activate'],
  stop: ['stop', 'deactivate'],
  restart: ['restart', 'health', 'activate'],
  delete: ['proxy', 'containers', 'files', 'record'],
};

/** Status shown while a job of this kind runs (null: keep the current one). */
export const STATUS_WHILE_RUNNING: Record<JobKind, string | null> = {
  deploy: 'deploying',
  redeploy: 'deploying',
  start: null,
  stop: null,
  restart: null,
  delete: 'deleting',
};

/** Jobs that are safe to run again from the start after the appliance died mid-way. */
export const RESUMABLE: ReadonlySet<JobKind> = new Set(['deploy', 'redeploy', 'delete']);
