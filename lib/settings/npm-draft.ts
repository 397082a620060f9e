import type { z } from 'zod';
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

/** Saved settings overlaid with the unsaved form values; an empty password means "keep the saved one". */
export async function settingsWithDraft(draft: NpmDraft | undefined): Promise<Settings> {
  const saved = await getSettings();
  const overlay: Partial<Settings> = { ...(draft ?? {}) };
  if (!overlay.npm_api_password) delete overlay.npm_api_password;
  for (const key of Object.keys(overlay) as (keyof Settings)[]) if (overlay[key] === undefined) delete overlay[key];
  return { ...saved, ...overlay };
}
