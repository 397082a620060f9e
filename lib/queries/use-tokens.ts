'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createTokenAction, revokeTokenAction } from '@/app/actions/tokens';
import type { ApiTokenView, CreateApiTokenInput } from '../auth/api-token-schema';
import { fetchApi, unwrapAction } from './fetch-api';
import { queryKeys } from './keys';

export function useTokens() {
  return useQuery({ queryKey: queryKeys.tokens, queryFn: () => fetchApi<{ items: ApiTokenView[] }>('/api/tokens') });
}

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateApiTokenInput) => unwrapAction(createTokenAction(input)),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.tokens }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrapAction(revokeTokenAction(id)),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.tokens }),
  });
}
