'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import type { CertificateSummary } from '@/lib/proxy/certificates';
import type { NpmConnectionResult } from '@/lib/proxy/test-connection';
import type { NpmDraft } from '@/lib/settings/npm-draft';
import { fetchApi, postApi, toQueryString } from './fetch-api';
import { queryKeys } from './keys';

/** Test the NPM connection with the form's values, saved or not. */
export function useTestNpm() {
  return useMutation({ mutationFn: (draft: NpmDraft) => postApi<NpmConnectionResult>('/api/settings/test-npm', draft) });
}

/**
 * NPM's certificates for the wildcard picker; loaded only when the picker is shown.
 * A typed, unsaved password goes in a POST body, never in a URL.
 */
export function useNpmCertificates(draft: NpmDraft, enabled: boolean) {
  const url = draft.npm_api_url ?? '';
  const email = draft.npm_api_email ?? '';
  return useQuery({
    queryKey: [...queryKeys.npmCertificates(url, email), Boolean(draft.npm_api_password)],
    queryFn: () =>
      draft.npm_api_password
        ? postApi<{ items: CertificateSummary[] }>('/api/settings/npm-certificates', draft)
        : fetchApi<{ items: CertificateSummary[] }>(`/api/settings/npm-certificates${toQueryString({ npm_api_url: url, npm_api_email: email })}`),
    enabled,
    retry: false,
    staleTime: 60_000,
  });
}
