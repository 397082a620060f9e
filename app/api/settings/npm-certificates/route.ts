import { route } from '@/lib/api/route';
import { npmDraftSchema } from '@/lib/settings/npm-draft';
import { listNpmDraftCertificates } from '@/lib/settings/probe-npm';

// POST only: it makes the appliance log in to a URL from the request, so it must not be a link (no GET), and it is audited.
export const POST = route({ access: 'settings:write', body: npmDraftSchema }, ({ actor, body }) => listNpmDraftCertificates(actor, body));
