'use client';

import { useQuery } from '@tanstack/react-query';
import type { SetupStatus } from '@/lib/setup/setup-status';
import { fetchApi } from './fetch-api';
import { queryKeys } from './keys';

/** GET /api/setup: the dashboard's checklist, refreshed while something is still missing. */
export function useSetupStatus(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.setup,
    queryFn: () => fetchApi<SetupStatus>('/api/setup'),
    enabled,
    refetchInterval: (query) => (query.state.data?.done ? false : 30_000),
  });
}
