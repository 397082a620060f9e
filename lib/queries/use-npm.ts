'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import type { CertificateSummary } from '../proxy/certificates';
import type { NpmConnectionResult } from '../proxy/test-connection';
import type { NpmDraft } from '../settings/npm-draft';
import { fetchApi, postApi, toQueryString } from './fetch-api';
import { queryKeys } from './keys';

/** Test the NPM connection with the form's values, saved or not. */
export function useTestNpm() {
  return useMutation({ mutationFn: (draft: NpmDraft) => postApi<NpmConnectionResult>('/api/settings/test-npm', draft) });
}

/** NPM's certificates for the wildcard picker; loaded only when the picker is shown. */
export function useNpmCertificates(draft: { npm_api_url: string; npm_api_email: string }, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.npmCertificates(draft.npm_api_url, draft.npm_api_email),
    queryFn: () => fetchApi<{ items: CertificateSummary[] }>(`/api/settings/npm-certificates${toQueryString(draft)}`),
    enabled,
    retry: false,
    staleTime: 60_000,
  });
}
