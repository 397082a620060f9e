import { route } from '@/lib/api/route';
import { testConnection } from '@/lib/proxy/test-connection';
import { npmDraftSchema, settingsWithDraft } from '@/lib/settings/npm-draft';
import { recordNpmTest } from '@/lib/setup/setup-status';

/** Runs the NPM checks with the saved settings, overlaid with any unsaved form values in the body. */
export const POST = route({ access: 'settings:write', body: npmDraftSchema }, async ({ body }) => {
  const settings = await settingsWithDraft(body);
  const result = await testConnection(settings);
  await recordNpmTest(result, settings);
  return result;
});
