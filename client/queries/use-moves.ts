'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { drainHostAction, moveCustomerAction } from '@/app/actions/moves';
import type { DrainHostInput, DrainView, MoveView } from '@/lib/moves/schemas';
import { fetchApi, unwrapAction } from './fetch-api';
import { queryKeys } from './keys';

export interface CustomerMoveStatus {
  host_id: string | null;
  move: MoveView | null;
}

/** Where the customer runs and its latest move; polled while that move is under way. */
export function useCustomerMove(customerId: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.customerMove(customerId),
    queryFn: () => fetchApi<CustomerMoveStatus>(`/api/customers/${encodeURIComponent(customerId)}/move`),
    enabled,
    refetchInterval: (query) => (['queued', 'running'].includes(query.state.data?.move?.state ?? '') ? 2_000 : false),
  });
}

export function useMoveCustomer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, hostId }: { id: string; hostId: string }) => unwrapAction(moveCustomerAction(id, { host_id: hostId })),
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: queryKeys.customers }), client.invalidateQueries({ queryKey: queryKeys.hosts })]),
  });
}

/** A host's latest drain; polled every 2 s while it runs. */
export function useHostDrain(hostId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.hostDrain(hostId),
    queryFn: () => fetchApi<{ drain: DrainView | null }>(`/api/hosts/${encodeURIComponent(hostId)}/drain`),
    enabled,
    refetchInterval: (query) => (query.state.data?.drain?.state === 'running' ? 2_000 : false),
  });
}

export function useDrainHost() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: DrainHostInput }) => unwrapAction(drainHostAction(id, input)),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.hosts }),
  });
}
