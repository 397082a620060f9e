'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BackupHealth } from '@/lib/backups/backup-health';
import type { BackupList } from '@/lib/backups/list-backups';
import type { BackupSettingsUpdate, PublicBackupSettings } from '@/lib/backups/settings-schema';
import type { JobView } from '@/lib/jobs/job-view';
import { fetchApi } from '@/client/queries/fetch-api';
import { queryKeys } from '@/client/queries/keys';

const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

export const backupKeys = {
  customer: (id: string) => ['backups', 'customer', id] as const,
  status: ['backups', 'status'] as const,
  settings: ['backups', 'settings'] as const,
};

/** The customer's snapshots; polled while a backup or restore runs, or the customer has a job. */
export function useCustomerBackups(id: string, busy = false) {
  return useQuery({
    queryKey: backupKeys.customer(id),
    queryFn: () => fetchApi<BackupList>(`/api/customers/${encodeURIComponent(id)}/backups`),
    refetchInterval: (q) => (busy || q.state.data?.items.some((i) => i.state === 'running') ? 2_000 : 30_000),
  });
}

export function useBackupNow(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => fetchApi<{ job: JobView }>(`/api/customers/${encodeURIComponent(id)}/backups`, json({})),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: backupKeys.customer(id) });
      void qc.invalidateQueries({ queryKey: queryKeys.customer(id) });
    },
  });
}

export function useRestore(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { snapshot: string; mode: 'in_place' | 'new_customer'; subdomain?: string }) =>
      fetchApi<{ job: JobView; customer_id: string }>(`/api/customers/${encodeURIComponent(id)}/backups/${v.snapshot}/restore`, json({ mode: v.mode, ...(v.subdomain ? { subdomain: v.subdomain } : {}) })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['backups'] });
      void qc.invalidateQueries({ queryKey: queryKeys.customers });
    },
  });
}

export function useBackupStatus(enabled = true) {
  return useQuery({ queryKey: backupKeys.status, queryFn: () => fetchApi<BackupHealth>('/api/backups/status'), refetchInterval: 60_000, enabled });
}

export type BackupSettingsView = PublicBackupSettings;

function withoutPassword(view: BackupSettingsView): BackupSettingsView {
  const copy = { ...view };
  delete copy.password;
  return copy;
}

export function useBackupSettings() {
  return useQuery({ queryKey: backupKeys.settings, queryFn: () => fetchApi<BackupSettingsView>('/api/settings/backups'), staleTime: Infinity });
}

export function useSaveBackupSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BackupSettingsUpdate) => fetchApi<BackupSettingsView>('/api/settings/backups', { ...json(body), method: 'PUT' }),
    // The generated password is shown once by the form that saved; the cache (kept while the
    // app stays open) must not hold it, or the next visit to the tab would show it again.
    onSuccess: (data) => qc.setQueryData(backupKeys.settings, withoutPassword(data)),
  });
}

export function useTestRepository() {
  return useMutation({
    mutationFn: () => fetchApi<{ restic_version: string; created: boolean; snapshots: number; tenants: number }>('/api/settings/backups/test', json({})),
  });
}
