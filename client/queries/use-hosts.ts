'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createHostAction, removeHostAction, testHostAction, updateHostAction } from '@/app/actions/hosts';
import type { CreateHostInput, HostView, UpdateHostInput } from '@/lib/hosts/schemas';
import { fetchApi, unwrapAction } from './fetch-api';
import { queryKeys } from './keys';

export function useHosts(enabled = true) {
  return useQuery({ queryKey: queryKeys.hosts, queryFn: () => fetchApi<{ items: HostView[] }>('/api/hosts'), enabled });
}

function useInvalidateHosts() {
  const client = useQueryClient();
  return () => Promise.all([client.invalidateQueries({ queryKey: queryKeys.hosts }), client.invalidateQueries({ queryKey: queryKeys.auditAll })]);
}

export function useCreateHost() {
  const invalidate = useInvalidateHosts();
  return useMutation({ mutationFn: (input: CreateHostInput) => unwrapAction(createHostAction(input)), onSuccess: invalidate });
}

export function useUpdateHost() {
  const invalidate = useInvalidateHosts();
  return useMutation({ mutationFn: ({ id, input }: { id: string; input: UpdateHostInput }) => unwrapAction(updateHostAction(id, input)), onSuccess: invalidate });
}

export function useRemoveHost() {
  const invalidate = useInvalidateHosts();
  return useMutation({ mutationFn: (id: string) => unwrapAction(removeHostAction(id)), onSuccess: invalidate });
}

export function useTestHost() {
  const invalidate = useInvalidateHosts();
  return useMutation({ mutationFn: (id: string) => unwrapAction(testHostAction(id)), onSuccess: invalidate });
}
