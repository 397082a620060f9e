'use client';

import { useQuery } from '@tanstack/react-query';
import { fetchApi } from './fetch-api';
import { queryKeys } from './keys';

interface PortRanges {
  dashboard_port_start: number;
  dashboard_port_end: number;
}

/**
 * How many customers the host can take: one dashboard port each. Read from the
 * settings (same query key as the Settings page), so only for users who may read them.
 */
export function useCustomerCapacity(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.settings,
    queryFn: () => fetchApi<PortRanges>('/api/settings'),
    enabled,
    select: (s) => Math.max(0, s.dashboard_port_end - s.dashboard_port_start + 1),
  });
}
