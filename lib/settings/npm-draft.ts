import type { z } from 'zod';
import { AppError } from '../errors';
import { apiBase } from '../proxy/http';
import type { Settings } from './schema';
import { getSettings } from './store';
import { settingsUpdateSchema } from './update-schema';

/** The NPM fields of the Settings form, so an admin can test values before saving them. */
export const npmDraftSchema = settingsUpdateSchema.pick({
  npm_api_url: true,
  npm_api_email: true,
  npm_api_password: true,
  npm_forward_mode: true,
  npm_forward_host: true,
  ssl_mode: true,
  wildcard_cert_id: true,
});
export type NpmDraft = z.output<typeof npmDraftSchema>;
/** What the Settings form sends: its text as typed; the NPM routes check it with npmDraftSchema. */
export type NpmDraftRequest = Partial<Record<Exclude<keyof NpmDraft, 'wildcard_cert_id'>, string>>;

function sameNpm(a: string, b: string): boolean {
  return apiBase(a).toLowerCase() === apiBase(b).toLowerCase();
}

/**
 * Saved settings overlaid with the unsaved form values. An empty password
 * means "keep the saved one" — but only for the saved NPM URL: the stored
 * password is never sent to a URL the request names, so a changed URL must
 * come with its own password (422 otherwise).
 */
export async function settingsWithDraft(draft: NpmDraft | undefined): Promise<Settings> {
  const saved = await getSettings();
  const overlay: Partial<Settings> = { ...(draft ?? {}) };
  if (!overlay.npm_api_password) delete overlay.npm_api_password;
  for (const [key, value] of Object.entries(overlay)) if (value === undefined) Reflect.deleteProperty(overlay, key);
  const urlChanged = Boolean(overlay.npm_api_url) && !sameNpm(overlay.npm_api_url ?? '', saved.npm_api_url);
  if (urlChanged && !overlay.npm_api_password) {
    throw new AppError('VALIDATION_FAILED', 'Enter the NPM password: the saved one is only used with the saved NPM URL.', {
      fields: [{ path: 'npm_api_password', message: 'is required when the NPM URL differs from the saved one', code: 'required' }],
    });
  }
  return { ...saved, ...overlay };
}
