'use client';

import { useQuery } from '@tanstack/react-query';
import type { JobView } from '@/lib/jobs/job-view';
import { fetchApi } from './fetch-api';
import { queryKeys } from './keys';

/** The customer's job history, newest first; polled faster while one runs. */
export function useCustomerJobs(id: string) {
  return useQuery({
    queryKey: queryKeys.customerJobs(id),
    queryFn: () => fetchApi<{ items: JobView[] }>(`/api/customers/${encodeURIComponent(id)}/jobs`),
    refetchInterval: (query) => (query.state.data?.items.some((j) => j.state === 'queued' || j.state === 'running') ? 2_000 : 15_000),
  });
}
