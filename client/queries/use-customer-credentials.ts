'use client';

import { useQuery } from '@tanstack/react-query';
import { fetchApi } from './fetch-api';
import { queryKeys } from './keys';

export interface CustomerCredentials {
  email: string | null;
  password: string | null;
  setup_url: string | null;
  has_api_token: boolean;
}

/**
 * The tenant owner's credentials (admins only; every read is audited). Fetched only
 * when the user asks to reveal them, and never kept in the cache after they hide them.
 */
export function useCustomerCredentials(id: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.customerCredentials(id),
    queryFn: () => fetchApi<CustomerCredentials>(`/api/customers/${encodeURIComponent(id)}/credentials`),
    enabled,
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });
}
