'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createUserAction, deleteUserAction, resetUserTotpAction, updateUserAction } from '@/app/actions/users';
import type { CreateUserInput, UpdateUserInput, UserView } from '@/lib/users/schemas';
import { fetchApi, unwrapAction } from './fetch-api';
import { queryKeys } from './keys';

export function useUsers(enabled = true) {
  return useQuery({ queryKey: queryKeys.users, queryFn: () => fetchApi<{ items: UserView[] }>('/api/users'), enabled });
}

/** User mutations refresh the list and the audit log they write to. */
function useInvalidateUsers() {
  const client = useQueryClient();
  return () => Promise.all([client.invalidateQueries({ queryKey: queryKeys.users }), client.invalidateQueries({ queryKey: queryKeys.auditAll })]);
}

export function useCreateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({ mutationFn: (input: CreateUserInput) => unwrapAction(createUserAction(input)), onSuccess: invalidate });
}

export function useUpdateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: UpdateUserInput }) => unwrapAction(updateUserAction(id, input)),
    onSuccess: invalidate,
  });
}

export function useDeleteUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({ mutationFn: (id: string) => unwrapAction(deleteUserAction(id)), onSuccess: invalidate });
}

export function useResetUserTotp() {
  const invalidate = useInvalidateUsers();
  return useMutation({ mutationFn: (id: string) => unwrapAction(resetUserTotpAction(id)), onSuccess: invalidate });
}
