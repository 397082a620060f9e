'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createTokenAction, revokeTokenAction } from '@/app/actions/tokens';
import type { ApiTokenView, CreateApiTokenInput } from '@/lib/auth/api-token-schema';
import { fetchApi, unwrapAction } from './fetch-api';
import { queryKeys } from './keys';

export function useTokens() {
  return useQuery({ queryKey: queryKeys.tokens, queryFn: () => fetchApi<{ items: ApiTokenView[] }>('/api/tokens') });
}

/** Token mutations refresh the list and the audit log they write to. */
function useInvalidateTokens() {
  const client = useQueryClient();
  return () => Promise.all([client.invalidateQueries({ queryKey: queryKeys.tokens }), client.invalidateQueries({ queryKey: queryKeys.auditAll })]);
}

export function useCreateToken() {
  const invalidate = useInvalidateTokens();
  return useMutation({ mutationFn: (input: CreateApiTokenInput) => unwrapAction(createTokenAction(input)), onSuccess: invalidate });
}

export function useRevokeToken() {
  const invalidate = useInvalidateTokens();
  return useMutation({ mutationFn: (id: string) => unwrapAction(revokeTokenAction(id)), onSuccess: invalidate });
}
