import 'server-only';
import { db } from '../db';
import { engineFor, type Engine } from '../docker/engine';

/**
 * The engine a tenant's stack runs on, resolved from its deployment. A tenant without a
 * deployment yet is placed on the local engine (the only one until hosts exist).
 */
export async function tenantEngine(customerId: string): Promise<Engine> {
  const deployment = await db().deployment.findUnique({ where: { customerId } });
  return engineFor(deployment);
}
