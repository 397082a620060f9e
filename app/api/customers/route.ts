import { json, route } from '@/lib/api/route';
import { createCustomer } from '@/lib/customers/manage-customers';
import { listCustomers } from '@/lib/customers/read-customers';
import { createCustomerQuerySchema, createCustomerSchema, listCustomersQuerySchema } from '@/lib/customers/schemas';
import { waitForJob } from '@/lib/jobs/runner';
import { getCustomer } from '@/lib/customers/read-customers';

export const dynamic = 'force-dynamic';

const createQuery = createCustomerQuerySchema;

export const GET = route({ access: 'customers:read', query: listCustomersQuerySchema }, ({ query }) => listCustomers(query));

/** Answers at once with the customer (deploying) and its job; `?wait=true` answers when the job has finished. */
export const POST = route({ access: 'customers:write', body: createCustomerSchema, query: createQuery }, async ({ actor, body, query }) => {
  const created = await createCustomer(actor, body);
  if (query.wait === 'true' || query.wait === '1') {
    const job = await waitForJob(created.job.id);
    return json({ customer: await getCustomer(created.customer.id), job }, 201);
  }
  return json(created, 201);
});
