'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SetNetbirdTokenInput } from '@/lib/insight/schemas';
import { fetchApi, postApi } from './fetch-api';
import { queryKeys } from './keys';

/** Rotates the appliance's NetBird API token for one tenant now (admins); the customer view shows the new expiry. */
export function useRotateNetbirdToken(customerId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => postApi<{ expires_at: string }>(`/api/customers/${encodeURIComponent(customerId)}/netbird-token/rotate`, {}),
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: queryKeys.customer(customerId) }), client.invalidateQueries({ queryKey: queryKeys.auditAll })]),
  });
}

/** Stores a NetBird API token for a tenant set up by its customer (checked against NetBird first; operators and admins). */
export function useSetNetbirdToken(customerId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: SetNetbirdTokenInput) =>
      fetchApi<{ stored: true }>(`/api/customers/${encodeURIComponent(customerId)}/netbird-token`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input) }),
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: queryKeys.customer(customerId) }), client.invalidateQueries({ queryKey: queryKeys.auditAll })]),
  });
}
