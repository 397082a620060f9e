'use client';

import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FleetInventory } from '@/lib/fleet/inventory';
import type { DryRun } from '@/lib/fleet/create-plan';
import type { PlanView } from '@/lib/fleet/plan-view';
import type { ImageSet } from '@/lib/fleet/image-set';
import type { PlanAction } from '@/lib/fleet/plan-schema';
import { fetchApi, postApi } from './fetch-api';
import { queryKeys } from './keys';

export type { FleetInventory, DryRun, PlanView, ImageSet };

export function useFleetInventory() {
  return useQuery({ queryKey: queryKeys.fleetInventory, queryFn: () => fetchApi<FleetInventory>('/api/upgrades/inventory'), refetchInterval: 10_000 });
}

export function usePlans() {
  return useQuery({ queryKey: queryKeys.fleetPlans, queryFn: () => fetchApi<{ items: PlanView[] }>('/api/upgrades') });
}

export function usePlanMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => postApi<DryRun | PlanView>('/api/upgrades', body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: queryKeys.fleet }),
  });
}

export function usePlanControl(planId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (action: PlanAction) => postApi<PlanView>(`/api/upgrades/${encodeURIComponent(planId)}`, { action }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: queryKeys.fleet }),
  });
}

export function usePinMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ customerId, images }: { customerId: string; images: Partial<ImageSet> | null }) =>
      images
        ? fetchApi(`/api/customers/${encodeURIComponent(customerId)}/pin`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ images }) })
        : fetchApi(`/api/customers/${encodeURIComponent(customerId)}/pin`, { method: 'DELETE' }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: queryKeys.fleet }),
  });
}

/** Follows a plan live over server-sent events until it has finished. */
export function usePlanEvents(planId: string | null): PlanView | null {
  const [plan, setPlan] = useState<PlanView | null>(null);
  useEffect(() => {
    if (!planId) return;
    setPlan(null);
    const source = new EventSource(`/api/upgrades/${encodeURIComponent(planId)}/events`, { withCredentials: true });
    // cast: the stream carries the server's PlanView (lib/fleet/plan-view.ts), the same trust as fetchApi<T>.
    const read = (e: Event) => (e instanceof MessageEvent ? (JSON.parse(String(e.data)) as PlanView) : null);
    source.addEventListener('plan', (e) => setPlan(read(e)));
    // The server ends the stream after `done`; close so EventSource does not reconnect.
    source.addEventListener('done', (e) => {
      setPlan(read(e));
      source.close();
    });
    return () => source.close();
  }, [planId]);
  return plan;
}
