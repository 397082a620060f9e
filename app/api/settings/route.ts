import { route } from '@/lib/api/route';
import { settingsUpdateSchema } from '@/lib/settings/store';
import { readSettings, updateSettings } from '@/lib/settings/update-settings';

export const GET = route({ access: 'settings:read' }, () => readSettings());

export const PUT = route({ access: 'settings:write', body: settingsUpdateSchema }, ({ actor, body }) => updateSettings(actor, body));
