'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AuditPage } from '@/lib/audit/list-audit';
import { fetchApi, toQueryString } from './fetch-api';
import { queryKeys } from './keys';

export interface AuditFilters {
  actor: string;
  action: string;
  target: string;
  from: string;
  to: string;
  page: number;
  per_page: number;
}

export function useAudit(filters: AuditFilters) {
  return useQuery({
    queryKey: queryKeys.audit({ ...filters }),
    queryFn: () => fetchApi<AuditPage>(`/api/audit${toQueryString({ ...filters })}`),
    // Keep the current page on screen while the next one loads, so the table does not jump.
    placeholderData: keepPreviousData,
  });
}
