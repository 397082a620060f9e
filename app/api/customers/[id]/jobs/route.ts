import { route } from '@/lib/api/route';
import { listCustomerJobs } from '@/lib/customers/list-jobs';

export const dynamic = 'force-dynamic';

export const GET = route({ access: 'customers:read' }, async ({ params }) => ({ items: await listCustomerJobs(params.id) }));
