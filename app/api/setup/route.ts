import { route } from '@/lib/api/route';
import { getSetupStatus } from '@/lib/setup/setup-status';

export const dynamic = 'force-dynamic';

/** The dashboard's setup checklist: what a fresh appliance still needs before deploys can succeed. */
export const GET = route({ access: 'settings:read' }, () => getSetupStatus());
