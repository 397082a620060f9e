'use client';

import { useQuery } from '@tanstack/react-query';
import type { HostOverview } from '@/lib/monitoring/views';
import { fetchApi } from './fetch-api';
import { queryKeys } from './keys';

/**
 * How many customers run now, and how many this host can run: those plus what fits in the
 * free memory at the average measured customer's use (the monitoring sampler's
 * estimate). Shares its query with the Monitoring page.
 */
export function useCustomerCapacity(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.monitoringHost,
    queryFn: () => fetchApi<HostOverview>('/api/monitoring/host'),
    enabled,
    refetchInterval: 15_000,
    select: (h) =>
      h.capacity.estimated_more === null ? undefined : { running: h.capacity.tenants_running, max: h.capacity.tenants_running + h.capacity.estimated_more },
  });
}
