import { route } from '@/lib/api/route';
import { testHostConnection } from '@/lib/hosts/test-host-connection';

export const POST = route({ access: 'settings:write' }, ({ params }) => testHostConnection(params.id));
