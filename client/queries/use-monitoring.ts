'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { CustomerUsagePage, HostOverview, UsageHistory } from '@/lib/monitoring/views';
import { fetchApi, toQueryString } from './fetch-api';
import { queryKeys } from './keys';

// The server samples the host every 15 s and tenants every 60 s; polling faster only re-reads the same figures.
const HOST_REFRESH_MS = 15_000;
const TENANT_REFRESH_MS = 20_000;

export interface CustomerUsageParams {
  sort: 'cpu' | 'memory' | 'name';
  order: 'asc' | 'desc';
  search: string;
  page: number;
  per_page: number;
}

export function useHostOverview() {
  return useQuery({ queryKey: queryKeys.monitoringHost, queryFn: () => fetchApi<HostOverview>('/api/monitoring/host'), refetchInterval: HOST_REFRESH_MS });
}

export function useCustomerUsage(params: CustomerUsageParams) {
  return useQuery({
    queryKey: queryKeys.monitoringCustomers({ ...params }),
    queryFn: () => fetchApi<CustomerUsagePage>(`/api/monitoring/customers${toQueryString({ ...params })}`),
    // Until the first tenant sample lands, look again soon rather than in 20 s.
    refetchInterval: (query) => (query.state.data && query.state.data.sampled_at ? TENANT_REFRESH_MS : 3_000),
    placeholderData: keepPreviousData,
  });
}

export function useUsageHistory(scope: 'host' | 'customer', customerId?: string) {
  return useQuery({
    queryKey: queryKeys.monitoringHistory(scope, customerId),
    queryFn: () => fetchApi<UsageHistory>(`/api/monitoring/history${toQueryString({ scope, customer_id: customerId })}`),
    enabled: scope === 'host' || Boolean(customerId),
    refetchInterval: scope === 'host' ? HOST_REFRESH_MS : TENANT_REFRESH_MS,
  });
}
