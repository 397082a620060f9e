'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import type { CertificateSummary } from '@/lib/proxy/certificates';
import type { NpmConnectionResult } from '@/lib/proxy/test-connection';
import type { NpmDraftRequest } from '@/lib/settings/npm-draft';
import { postApi } from './fetch-api';
import { queryKeys } from './keys';

/** Test the NPM connection with the form's values, saved or not. */
export function useTestNpm() {
  return useMutation({ mutationFn: (draft: NpmDraftRequest) => postApi<NpmConnectionResult>('/api/settings/test-npm', draft) });
}

/**
 * NPM's certificates for the wildcard picker; loaded only when the picker is
 * shown. Always a POST: the password (when typed) travels in the body, and
 * the server uses the saved one only for the saved URL.
 */
export function useNpmCertificates(draft: NpmDraftRequest, enabled: boolean) {
  const url = draft.npm_api_url ?? '';
  const email = draft.npm_api_email ?? '';
  return useQuery({
    queryKey: [...queryKeys.npmCertificates(url, email), Boolean(draft.npm_api_password)],
    queryFn: () => postApi<{ items: CertificateSummary[] }>('/api/settings/npm-certificates', draft),
    enabled,
    retry: false,
    staleTime: 60_000,
  });
}

export interface AdoptedProxyHost {
  host_id: number;
  certificate_id: number | null;
  domain: string;
}

/** An admin's take-over of a proxy host made by hand in NPM for this customer's name. */
export function useAdoptProxyHost() {
  return useMutation({
    mutationFn: ({ customerId, hostId }: { customerId: string; hostId: number }) =>
      postApi<AdoptedProxyHost>(`/api/customers/${encodeURIComponent(customerId)}/proxy-host/adopt`, { host_id: hostId }),
  });
}
