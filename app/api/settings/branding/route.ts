import { route } from '@/lib/api/route';
import { readBranding } from '@/lib/settings/branding';

export const GET = route({ access: 'public' }, () => readBranding());
