import type { NpmDraftRequest } from '@/lib/settings/npm-draft';

/** The Proxy tab's current (maybe unsaved) values as the NPM routes take them. */
export function npmDraftOf(values: Record<string, string>): NpmDraftRequest {
  const draft: NpmDraftRequest = {
    npm_api_url: values.npm_api_url ?? '',
    npm_api_email: values.npm_api_email ?? '',
    npm_forward_mode: values.npm_forward_mode || undefined,
    npm_forward_host: values.npm_forward_host ?? '',
    ssl_mode: values.ssl_mode || undefined,
  };
  // Empty means "use the saved password"; the field never shows the saved one.
  if (values.npm_api_password) draft.npm_api_password = values.npm_api_password;
  return draft;
}
