import 'server-only';
import type { Actor } from '../auth/actor';
import { recordAudit } from '../audit/record';
import { db } from '../db';
import { AppError } from '../errors';
import { Prisma } from '../generated/prisma/client';
import { createJob, enqueueJob } from '../jobs/enqueue-job';
import type { JobView } from '../jobs/job-view';
import { scheduleJob } from '../jobs/runner';
import { getCustomer } from './read-customers';
import { layoutForNewTenant } from '../netbird/layout';
import { getSettings } from '../settings/store';
import { placeNewCustomer } from '../hosts/place-customer';
import { hostStunAddress } from '../hosts/tenant-host';
import type { CustomerView } from './customer-view';
import type { CreateCustomerInput, CustomerOperation, UpdateCustomerInput } from './schemas';

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';
}

function subdomainTaken(subdomain: string): AppError {
  return new AppError('SUBDOMAIN_TAKEN', `The subdomain "${subdomain}" is already in use. Choose another.`, {
    fields: [{ path: 'subdomain', message: 'is already in use', code: 'conflict' }],
  });
}

/** Creates the customer and queues its first deploy, in one transaction with the audit event. */
export async function createCustomer(actor: Actor, input: CreateCustomerInput): Promise<{ customer: CustomerView; job: JobView }> {
  let created: { id: string; job: JobView };
  // Refused before anything is written: an unknown host (422) or one that takes no tenants (409).
  const hostId = await placeNewCustomer(input.host_id);
  // Fixed at creation: a later change of the server image setting never moves a tenant by itself.
  // On a host with its own public address only classic can announce STUN there (layout.ts).
  const layout = layoutForNewTenant((await getSettings()).netbird_server_image, await hostStunAddress(hostId));
  try {
    created = await db().$transaction(async (tx) => {
      const customer = await tx.customer.create({
        data: { name: input.name, subdomain: input.subdomain, email: input.email, maxDevices: input.max_devices, notes: input.notes ?? null, status: 'deploying', layout, hostId },
      });
      const job = await createJob(tx, actor, customer.id, 'deploy');
      await recordAudit(actor, { action: 'customer.create', target: `customer:${customer.subdomain}`, details: { job_id: job.id, max_devices: input.max_devices, layout, host_id: hostId } }, tx);
      return { id: customer.id, job };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw subdomainTaken(input.subdomain);
    throw err;
  }
  scheduleJob(created.job.id);
  return { customer: await getCustomer(created.id), job: created.job };
}

/** Edits name, email, notes, max devices; the subdomain only while nothing is deployed. */
export async function updateCustomer(actor: Actor, id: string, input: UpdateCustomerInput): Promise<CustomerView> {
  try {
    await db().$transaction(async (tx) => {
      const customer = await tx.customer.findUnique({ where: { id }, include: { deployment: true } });
      if (!customer) throw new AppError('NOT_FOUND', 'Customer not found.');
      if (input.subdomain && input.subdomain !== customer.subdomain && (customer.deployment || customer.status !== 'pending')) {
        throw new AppError('CONFLICT', 'The subdomain cannot change while the customer is deployed: its domain, containers and data are named after it.', {
          fields: [{ path: 'subdomain', message: 'cannot change while deployed', code: 'conflict' }],
        });
      }
      await tx.customer.update({
        where: { id },
        data: { name: input.name, email: input.email, maxDevices: input.max_devices, notes: input.notes, subdomain: input.subdomain },
      });
      await recordAudit(actor, { action: 'customer.update', target: `customer:${customer.subdomain}`, details: { changed: Object.keys(input) } }, tx);
    });
  } catch (err) {
    if (isUniqueViolation(err) && input.subdomain) throw subdomainTaken(input.subdomain);
    throw err;
  }
  return getCustomer(id);
}

/** Deletes through a job: proxy host, containers, network, data directory, then the record. */
export function deleteCustomer(actor: Actor, id: string): Promise<JobView> {
  return enqueueJob(actor, id, 'delete');
}

export type Operation = CustomerOperation;

/** Redeploy, start, stop or restart, as a job. `deploy` on a deployed customer is a redeploy. */
export async function operateCustomer(actor: Actor, id: string, op: Operation): Promise<JobView> {
  if (op !== 'deploy') return enqueueJob(actor, id, op);
  const deployed = await db().deployment.findUnique({ where: { customerId: id }, select: { deployedAt: true } });
  return enqueueJob(actor, id, deployed?.deployedAt ? 'redeploy' : 'deploy');
}
