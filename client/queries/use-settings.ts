'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { saveSettingsAction } from '@/app/actions/settings';
import type { Branding } from '@/lib/settings/branding';
import type { PublicSettings } from '@/lib/settings/public-view';
import type { SettingsUpdate } from '@/lib/settings/update-schema';
import { fetchApi, unwrapAction } from './fetch-api';
import { queryKeys } from './keys';

export type { PublicSettings };

/** GET /api/settings: secrets come as `<key>_set` booleans, plus the effective values in force. */
export function useSettings() {
  return useQuery({ queryKey: queryKeys.settings, queryFn: () => fetchApi<PublicSettings>('/api/settings') });
}

export function useBranding() {
  return useQuery({ queryKey: queryKeys.branding, queryFn: () => fetchApi<Branding>('/api/settings/branding') });
}

export function useSaveSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: SettingsUpdate) => unwrapAction(saveSettingsAction(input)),
    // The settings prefix covers branding and the certificate list too.
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: queryKeys.settings }), client.invalidateQueries({ queryKey: queryKeys.auditAll })]),
  });
}
