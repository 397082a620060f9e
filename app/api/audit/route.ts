import { route } from '@/lib/api/route';
import { listAudit, listAuditSchema } from '@/lib/audit/list-audit';

export const GET = route({ access: 'audit:read', query: listAuditSchema }, ({ query }) => listAudit(query));
