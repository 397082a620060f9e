'use server';

import { requirePermission } from '@/lib/auth/actor';
import { currentActor } from '@/lib/auth/resolve-actor';
import { runAction, type ActionResult } from '@/lib/api/action';
import type { CustomerView } from '@/lib/customers/customer-view';
import { createCustomer, deleteCustomer, operateCustomer, updateCustomer, type Operation } from '@/lib/customers/manage-customers';
import { createCustomerSchema, CUSTOMER_OPERATIONS, updateCustomerSchema } from '@/lib/customers/schemas';
import type { JobView } from '@/lib/jobs/job-view';
import { AppError } from '@/lib/errors';

// Each action checks the same permission as its REST route: a protected page does not protect the action behind it.

const OPERATIONS: readonly Operation[] = CUSTOMER_OPERATIONS;

export async function createCustomerAction(input: unknown): Promise<ActionResult<{ customer: CustomerView; job: JobView }>> {
  return runAction(async () => {
    const actor = requirePermission(await currentActor(), 'customers:write');
    return createCustomer(actor, createCustomerSchema.parse(input));
  });
}

export async function updateCustomerAction(id: string, input: unknown): Promise<ActionResult<CustomerView>> {
  return runAction(async () => {
    const actor = requirePermission(await currentActor(), 'customers:write');
    return updateCustomer(actor, String(id), updateCustomerSchema.parse(input));
  });
}

/** Queues the delete job: proxy host, containers, files, then the record. */
export async function deleteCustomerAction(id: string): Promise<ActionResult<{ job: JobView }>> {
  return runAction(async () => {
    const actor = requirePermission(await currentActor(), 'customers:write');
    return { job: await deleteCustomer(actor, String(id)) };
  });
}

/** Deploy (or redeploy), start, stop or restart, as a job. */
export async function operateCustomerAction(id: string, operation: string): Promise<ActionResult<{ job: JobView }>> {
  return runAction(async () => {
    const actor = requirePermission(await currentActor(), 'customers:operate');
    const op = OPERATIONS.find((o) => o === operation);
    if (!op) {
      throw new AppError('VALIDATION_FAILED', `Unknown operation "${String(operation)}".`, {
        fields: [{ path: 'operation', message: `must be one of ${OPERATIONS.join(', ')}`, code: 'invalid_value' }],
      });
    }
    return { job: await operateCustomer(actor, String(id), op) };
  });
}
