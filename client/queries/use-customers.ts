'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createCustomerAction, deleteCustomerAction, operateCustomerAction, updateCustomerAction } from '@/app/actions/customers';
import type { CustomerView } from '@/lib/customers/customer-view';
import type { CustomerPage } from '@/lib/customers/read-customers';
import type { CreateCustomerInput, UpdateCustomerInput } from '@/lib/customers/schemas';
import { ApiError } from './api-error';
import { fetchApi, toQueryString, unwrapAction } from './fetch-api';
import { queryKeys } from './keys';
import type { CustomerOperation } from '@/lib/customers/schemas';

export type { CustomerView, CustomerPage };
export type { CustomerOperation };

export interface CustomerListParams {
  page: number;
  per_page: number;
  search: string;
  status: string;
  /** Only customers on this Docker host (shown when there is more than one). */
  host?: string;
  sort: string;
  order: 'asc' | 'desc';
}

const BUSY = ['deploying', 'deleting'];

/** While anything deploys or deletes, poll fast so the operator sees it finish; otherwise every 5 s. */
function listInterval(page: CustomerPage | undefined): number {
  if (!page) return 5_000;
  const busy = page.items.some((c) => BUSY.includes(c.status) || c.active_job) || BUSY.some((s) => (page.counts[s] ?? 0) > 0);
  return busy ? 2_000 : 5_000;
}

export function useCustomers(params: CustomerListParams) {
  return useQuery({
    queryKey: queryKeys.customerList({ ...params }),
    queryFn: () => fetchApi<CustomerPage>(`/api/customers${toQueryString({ ...params })}`),
    // Keep the current page on screen while the next loads, so the table does not jump.
    placeholderData: keepPreviousData,
    refetchInterval: (query) => listInterval(query.state.data),
  });
}

export function useCustomer(id: string) {
  return useQuery({
    queryKey: queryKeys.customer(id),
    queryFn: () => fetchApi<CustomerView>(`/api/customers/${encodeURIComponent(id)}`),
    refetchInterval: (query) => {
      const c = query.state.data;
      return c && (BUSY.includes(c.status) || c.active_job) ? 2_000 : 10_000;
    },
    retry: (count, err) => !(err instanceof ApiError && err.status === 404) && count < 1,
  });
}

/** Customer mutations refresh every customer query (list, counts, detail) and the audit log they write to. */
function useInvalidateCustomers() {
  const client = useQueryClient();
  return () => Promise.all([client.invalidateQueries({ queryKey: queryKeys.customers }), client.invalidateQueries({ queryKey: queryKeys.auditAll })]);
}

export function useCreateCustomer() {
  const invalidate = useInvalidateCustomers();
  return useMutation({ mutationFn: (input: CreateCustomerInput) => unwrapAction(createCustomerAction(input)), onSuccess: invalidate });
}

export function useUpdateCustomer() {
  const invalidate = useInvalidateCustomers();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: UpdateCustomerInput }) => unwrapAction(updateCustomerAction(id, input)),
    onSuccess: invalidate,
  });
}

export function useDeleteCustomer() {
  const invalidate = useInvalidateCustomers();
  return useMutation({ mutationFn: (id: string) => unwrapAction(deleteCustomerAction(id)), onSuccess: invalidate });
}

export function useOperateCustomer() {
  const invalidate = useInvalidateCustomers();
  return useMutation({
    mutationFn: ({ id, operation }: { id: string; operation: CustomerOperation }) => unwrapAction(operateCustomerAction(id, operation)),
    onSuccess: invalidate,
  });
}
