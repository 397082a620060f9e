'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { postApi } from './fetch-api';
import { queryKeys } from './keys';

/** Rotates the appliance's NetBird API token for one tenant now (admins); the customer view shows the new expiry. */
export function useRotateNetbirdToken(customerId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => postApi<{ expires_at: string }>(`/api/customers/${encodeURIComponent(customerId)}/netbird-token/rotate`, {}),
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: queryKeys.customer(customerId) }), client.invalidateQueries({ queryKey: queryKeys.auditAll })]),
  });
}
