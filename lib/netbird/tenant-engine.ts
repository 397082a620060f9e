import 'server-only';
import { db } from '../db';
import { engineFor, type Engine } from '../docker/engine';
import { ensureHostEngines } from '../hosts/host-engines';

/**
 * The engine a tenant's stack runs on, resolved from its deployment's host. A tenant without a
 * deployment yet is placed on the local engine.
 */
export async function tenantEngine(customerId: string): Promise<Engine> {
  await ensureHostEngines();
  const deployment = await db().deployment.findUnique({ where: { customerId } });
  return engineFor(deployment);
}
