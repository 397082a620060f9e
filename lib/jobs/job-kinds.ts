import 'server-only';
import { BACKUP_JOB_STEPS } from '../backups/backup-job';
import { RESTORE_JOB_STEPS } from '../backups/restore-job';
import { isAppError } from '../errors';
import { DEPLOY_STEPS } from '../netbird/deploy-stack';
import { MIGRATE_JOB_STEPS } from '../netbird/migrate-layout';
import { UPGRADE_JOB_STEPS } from '../fleet/upgrade-steps';
import { MOVE_JOB_STEPS } from '../moves/move-tenant';
import { fieldOf } from '../caught';

export const JOB_KINDS = ['deploy', 'redeploy', 'start', 'stop', 'restart', 'delete', 'backup', 'restore', 'migrate', 'upgrade', 'move'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/** Job.kind is a text column: a row of a kind this version does not know is not run as some other kind. */
export function isJobKind(kind: string): kind is JobKind {
  return JOB_KINDS.some((k) => k === kind);
}

const DEPLOY_JOB_STEPS = [...DEPLOY_STEPS, 'owner', 'proxy', 'activate'] as const;
const START_STEPS = ['start', 'health', 'activate'] as const;
const STOP_STEPS = ['stop', 'deactivate'] as const;
const RESTART_STEPS = ['restart', 'health', 'activate'] as const;
const DELETE_STEPS = ['proxy', 'containers', 'files', 'record'] as const;

/** Every step name a job can have: a misspelt name does not compile. */
export type JobStepName =
  | (typeof DEPLOY_JOB_STEPS)[number]
  | (typeof START_STEPS)[number]
  | (typeof STOP_STEPS)[number]
  | (typeof RESTART_STEPS)[number]
  | (typeof DELETE_STEPS)[number]
  | (typeof BACKUP_JOB_STEPS)[number]
  | (typeof RESTORE_JOB_STEPS)[number]
  | (typeof MIGRATE_JOB_STEPS)[number]
  | (typeof UPGRADE_JOB_STEPS)[number]
  | (typeof MOVE_JOB_STEPS)[number];

/** The steps each job shows, in order; created as `pending` so the UI can show the whole list at once. */
export const JOB_STEPS: Record<JobKind, readonly JobStepName[]> = {
  deploy: DEPLOY_JOB_STEPS,
  redeploy: DEPLOY_JOB_STEPS,
  start: START_STEPS,
  stop: STOP_STEPS,
  restart: RESTART_STEPS,
  delete: DELETE_STEPS,
  backup: BACKUP_JOB_STEPS,
  restore: RESTORE_JOB_STEPS,
  migrate: MIGRATE_JOB_STEPS,
  upgrade: UPGRADE_JOB_STEPS,
  move: MOVE_JOB_STEPS,
};

/** Status shown while a job of this kind runs (null: keep the current one). */
export const STATUS_WHILE_RUNNING: Record<JobKind, string | null> = {
  deploy: 'deploying',
  redeploy: 'deploying',
  start: null,
  stop: null,
  restart: null,
  delete: 'deleting',
  backup: null,
  restore: null,
  migrate: 'deploying',
  upgrade: null,
  // The tenant keeps running on its source until the cut-over, and a failed move leaves it there.
  move: null,
};

/** Jobs that are safe to run again from the start after the appliance died mid-way. */
export const RESUMABLE: ReadonlySet<JobKind> = new Set(['deploy', 'redeploy', 'delete']);

/**
 * Whether a failed job leaves the customer's status alone: a backup never changes the tenant,
 * and a restore that failed before touching it (verify refused the snapshot) says so.
 */
export function keepsCustomerStatus(kind: string, err: unknown): boolean {
  // An upgrade ends with the tenant running, upgraded or rolled back: its outcome is the plan's, not an error status.
  if (kind === 'backup' || kind === 'upgrade') return true;
  return isAppError(err) && fieldOf(err.details, 'customer_untouched') === true;
}

/** Kinds that leave a customer's failed-job marker alone when they start (they change nothing of its state). */
export const KEEPS_FAILED_MARKER: ReadonlySet<JobKind> = new Set(['delete', 'backup']);
