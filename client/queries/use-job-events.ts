'use client';

import { useEffect, useState } from 'react';
import type { JobView } from '@/lib/jobs/job-view';

export type { JobView };

export interface JobEvents {
  job: JobView | null;
  /** The stream said `done`: the job finished (or the customer has none). */
  done: boolean;
  /** The stream could not be opened (signed out, customer gone). */
  failed: boolean;
}

const IDLE: JobEvents = { job: null, done: false, failed: false };

/**
 * Follows a customer's current job through server-sent events (same-origin, so the
 * session cookie goes along). Bump `generation` to follow the next job, e.g. after a retry.
 */
export function useJobEvents(customerId: string | null, generation: number | string = 0): JobEvents {
  const [state, setState] = useState<JobEvents>(IDLE);

  useEffect(() => {
    if (!customerId) return;
    setState(IDLE);
    const source = new EventSource(`/api/customers/${encodeURIComponent(customerId)}/events`, { withCredentials: true });
    // cast: the stream carries the server's JobView (lib/jobs/job-view.ts), the same trust as fetchApi<T>.
    const read = (e: Event) => (e instanceof MessageEvent ? (JSON.parse(String(e.data)) as JobView | null) : null);
    source.addEventListener('job', (e) => setState({ job: read(e), done: false, failed: false }));
    source.addEventListener('done', (e) => {
      const job = read(e);
      // Close at once: the server ends the stream here and EventSource would otherwise reconnect.
      source.close();
      setState((prev) => ({ job: job ?? prev.job, done: true, failed: false }));
    });
    source.onerror = () => {
      // CLOSED means the server refused the stream (an error answer); CONNECTING is a retry in progress.
      if (source.readyState === EventSource.CLOSED) setState((prev) => ({ ...prev, failed: true }));
    };
    return () => source.close();
  }, [customerId, generation]);

  return state;
}
