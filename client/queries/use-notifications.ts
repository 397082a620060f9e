'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelView, DeliveryView, MuteView } from '@/lib/notifications/schemas';
import { fetchApi, postApi } from './fetch-api';
import { queryKeys } from './keys';

export function useNotificationChannels() {
  return useQuery({ queryKey: queryKeys.notificationChannels, queryFn: () => fetchApi<{ items: ChannelView[] }>('/api/notifications/channels') });
}

/** The log refreshes itself while a delivery waits for its next attempt. */
export function useDeliveries() {
  return useQuery({
    queryKey: queryKeys.notificationDeliveries,
    queryFn: () => fetchApi<{ items: DeliveryView[] }>('/api/notifications/deliveries?limit=50'),
    refetchInterval: (q) => (q.state.data?.items.some((d) => d.state === 'pending' || d.state === 'sending') ? 2_000 : 15_000),
  });
}

export function useMutes() {
  return useQuery({ queryKey: queryKeys.notificationMutes, queryFn: () => fetchApi<{ items: MuteView[] }>('/api/notifications/mutes') });
}

function useInvalidate() {
  const client = useQueryClient();
  return () => Promise.all([client.invalidateQueries({ queryKey: queryKeys.notificationsAll }), client.invalidateQueries({ queryKey: queryKeys.auditAll })]);
}

const jsonInit = (method: string, body?: unknown): RequestInit => ({ method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

export function useSaveChannel() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, input }: { id: string | null; input: unknown }) =>
      id ? fetchApi<ChannelView>(`/api/notifications/channels/${encodeURIComponent(id)}`, jsonInit('PUT', input)) : postApi<ChannelView>('/api/notifications/channels', input),
    onSuccess: invalidate,
  });
}

export function useDeleteChannel() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (id: string) => fetchApi<null>(`/api/notifications/channels/${encodeURIComponent(id)}`, jsonInit('DELETE')), onSuccess: invalidate });
}

export function useTestChannel() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (id: string) => postApi<{ delivery_id: string }>(`/api/notifications/channels/${encodeURIComponent(id)}/test`, {}), onSuccess: invalidate });
}

export function useMute() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (input: { customer_id: string; hours: number | null }) => postApi<null>('/api/notifications/mutes', input), onSuccess: invalidate });
}

export function useUnmute() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (customerId: string) => fetchApi<null>(`/api/notifications/mutes/${encodeURIComponent(customerId)}`, jsonInit('DELETE')), onSuccess: invalidate });
}
