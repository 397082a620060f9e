import { route } from '@/lib/api/route';
import { testConnection } from '@/lib/proxy/test-connection';
import { npmDraftSchema, settingsWithDraft } from '@/lib/settings/npm-draft';

/** Runs the NPM checks with the saved settings, overlaid with any unsaved form values in the body. */
export const POST = route({ access: 'settings:write', body: npmDraftSchema }, async ({ body }) => testConnection(await settingsWithDraft(body)));
