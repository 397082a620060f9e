'use client';

import { useQuery } from '@tanstack/react-query';
import type { ContainerStatsView } from '@/lib/customers/customer-stats';
import type { HealthView } from '@/lib/health/customer-health';
import { fetchApi } from './fetch-api';
import { queryKeys } from './keys';

export type { ContainerStatsView, HealthView };

const path = (id: string, what: string) => `/api/customers/${encodeURIComponent(id)}/${what}`;

/** Per-container state, health and restarts; checked live through the tenant, so not too often. */
export function useCustomerHealth(id: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.customerHealth(id),
    queryFn: () => fetchApi<HealthView>(path(id, 'health')),
    enabled,
    refetchInterval: 10_000,
    retry: false,
  });
}

/** CPU, memory and network figures; a sample takes about a second on the server. */
export function useCustomerStats(id: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.customerStats(id),
    queryFn: () => fetchApi<{ containers: ContainerStatsView[] }>(path(id, 'stats')),
    enabled,
    refetchInterval: 10_000,
    retry: false,
  });
}
