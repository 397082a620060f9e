import 'server-only';
import { db } from '../db';
import { AppError } from '../errors';
import { toJobView, type JobView } from '../jobs/job-view';

export async function listCustomerJobs(customerId: string, limit = 50): Promise<JobView[]> {
  const exists = await db().customer.count({ where: { id: customerId } });
  if (!exists) throw new AppError('NOT_FOUND', 'Customer not found.');
  const jobs = await db().job.findMany({ where: { customerId }, include: { steps: true }, orderBy: { createdAt: 'desc' }, take: limit });
  return jobs.map(toJobView);
}
