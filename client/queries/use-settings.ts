'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { saveSettingsAction } from '@/app/actions/settings';
import type { Branding } from '@/lib/settings/branding';
import type { Settings } from '@/lib/settings/schema';
import { fetchApi, unwrapAction } from './fetch-api';
import { queryKeys } from './keys';

/** GET /api/settings: secrets come as `<key>_set` booleans, plus the effective values in force. */
export type PublicSettings = Omit<Settings, 'npm_api_password' | 'branding_logo'> & {
  npm_api_password_set: boolean;
  effective_data_dir: string;
  effective_docker_network: string;
  effective_forward_host: string;
};

export function useSettings() {
  return useQuery({ queryKey: queryKeys.settings, queryFn: () => fetchApi<PublicSettings>('/api/settings') });
}

export function useBranding() {
  return useQuery({ queryKey: queryKeys.branding, queryFn: () => fetchApi<Branding>('/api/settings/branding') });
}

export function useSaveSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: Record<string, unknown>) => unwrapAction(saveSettingsAction(input)),
    // The settings prefix covers branding and the certificate list too.
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: queryKeys.settings }), client.invalidateQueries({ queryKey: queryKeys.auditAll })]),
  });
}
