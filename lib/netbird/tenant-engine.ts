import 'server-only';
import type { Engine } from '../docker/engine';
import { tenantHost } from '../hosts/tenant-host';

/**
 * The engine a tenant's stack runs on, resolved from its deployment's host (or, before its first
 * deploy, the host it was placed on at creation). A tenant without either runs on the local engine.
 */
export async function tenantEngine(customerId: string): Promise<Engine> {
  return (await tenantHost(customerId)).engine;
}
