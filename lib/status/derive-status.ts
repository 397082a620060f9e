import type { TenantContainer } from '../docker/list-containers';
import type { Layout } from '../netbird/layout';

/** The classic layout's containers (kept under this name for its callers). */
export const STACK_SERVICES = ['caddy', 'dashboard', 'management', 'relay', 'signal'] as const;
export const COMBINED_STACK_SERVICES = ['caddy', 'dashboard', 'server'] as const;

export function stackServicesOf(layout: Layout | undefined): readonly string[] {
  return layout === 'combined' ? COMBINED_STACK_SERVICES : STACK_SERVICES;
}

export interface StatusInput {
  status: string;
  desiredState: string;
  failedJobId: string | null;
  hasDeployment: boolean;
  busy: boolean;
  /** Which containers make the stack whole; classic when not given. */
  layout?: Layout;
}

export interface DerivedStatus {
  status: string;
  reason: string | null;
}

/**
 * What a customer's status should be, given Docker's view of its containers.
 * Pure, so the rules are tested without an engine:
 * - while a job runs, or after a failed job, the job owns the status;
 * - desired running: all of the layout's containers running → active; anything else → error, naming what is wrong;
 * - desired stopped: nothing running → inactive; all running again → active.
 */
export function deriveStatus(input: StatusInput, containers: TenantContainer[] | undefined): DerivedStatus | null {
  if (input.busy || input.failedJobId || !input.hasDeployment) return null;
  if (['pending', 'deploying', 'deleting'].includes(input.status)) return null;
  const list = containers ?? [];
  const byService = new Map(list.map((c) => [c.service, c]));
  const services = stackServicesOf(input.layout);
  const running = services.filter((s) => byService.get(s)?.state === 'running');
  const problems = services.filter((s) => byService.get(s)?.state !== 'running').map((s) => {
    const c = byService.get(s);
    return c ? `${s} is ${c.state}${c.status ? ` (${c.status})` : ''}` : `${s} container is missing`;
  });
  if (input.desiredState === 'stopped') {
    if (running.length === 0) return { status: 'inactive', reason: null };
    if (running.length === services.length) return { status: 'active', reason: null };
    return { status: 'error', reason: `Partly running while stopped: ${problems.join('; ')}` };
  }
  if (problems.length === 0) return { status: 'active', reason: null };
  return { status: 'error', reason: problems.join('; ') };
}

/**
 * A tenant on a host that does not answer: `unreachable` (never `error`, which would invite a
 * restart or redeploy that cannot reach the host either). A job or a failed job still owns the
 * status, as in deriveStatus; when the host answers again deriveStatus takes over.
 */
export function unreachableStatus(input: StatusInput, hostError: string): DerivedStatus | null {
  if (input.busy || input.failedJobId || !input.hasDeployment) return null;
  if (['pending', 'deploying', 'deleting'].includes(input.status)) return null;
  return { status: 'unreachable', reason: `The Docker host does not answer: ${hostError}` };
}
