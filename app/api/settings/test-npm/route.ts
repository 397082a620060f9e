import { route } from '@/lib/api/route';
import { npmDraftSchema } from '@/lib/settings/npm-draft';
import { testNpmDraft } from '@/lib/settings/probe-npm';

/** Runs the NPM checks with the saved settings, overlaid with any unsaved form values in the body; audited. */
export const POST = route({ access: 'settings:write', body: npmDraftSchema }, ({ actor, body }) => testNpmDraft(actor, body));
