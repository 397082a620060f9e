import { route } from '@/lib/api/route';
import { listCertificates } from '@/lib/proxy/certificates';
import { npmDraftSchema, settingsWithDraft } from '@/lib/settings/npm-draft';

// The password never travels in a query string (it would land in logs); POST carries an unsaved one.
const querySchema = npmDraftSchema.pick({ npm_api_url: true, npm_api_email: true });

export const GET = route({ access: 'settings:write', query: querySchema }, async ({ query }) => ({
  items: await listCertificates(await settingsWithDraft(query)),
}));

export const POST = route({ access: 'settings:write', body: npmDraftSchema }, async ({ body }) => ({
  items: await listCertificates(await settingsWithDraft(body)),
}));
