import { restartStack, startStack, stopStack } from '../docker/stack-containers';
import { loadStackSpec } from './load-stack-spec';
import type { TenantStackSpec } from './stack-spec';

/** Start, stop and restart of a deployed tenant, in dependency order (see lib/docker/stack-containers). */
export async function startTenantStack(customerId: string): Promise<TenantStackSpec> {
  const spec = await loadStackSpec(customerId);
  await startStack(spec);
  return spec;
}

export async function stopTenantStack(customerId: string): Promise<TenantStackSpec> {
  const spec = await loadStackSpec(customerId);
  await stopStack(spec);
  return spec;
}

export async function restartTenantStack(customerId: string): Promise<TenantStackSpec> {
  const spec = await loadStackSpec(customerId);
  await restartStack(spec);
  return spec;
}
