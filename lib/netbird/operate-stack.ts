import 'server-only';
import { restartStack, startStack, stopStack } from '../docker/stack-containers';
import { loadStackSpec } from './load-stack-spec';
import type { TenantStackSpec } from './stack-spec';
import { tenantEngine } from './tenant-engine';
import { filesOn, putBackSetAsideData } from './tenant-files';

/** Start, stop and restart of a deployed tenant, in dependency order (see lib/docker/stack-containers). */
export async function startTenantStack(customerId: string): Promise<TenantStackSpec> {
  const [spec, engine] = await Promise.all([loadStackSpec(customerId), tenantEngine(customerId)]);
  await putBackSetAsideData(spec, filesOn(engine, spec));
  await startStack(engine, spec);
  return spec;
}

export async function stopTenantStack(customerId: string): Promise<TenantStackSpec> {
  const spec = await loadStackSpec(customerId);
  await stopStack(await tenantEngine(customerId), spec);
  return spec;
}

export async function restartTenantStack(customerId: string): Promise<TenantStackSpec> {
  const [spec, engine] = await Promise.all([loadStackSpec(customerId), tenantEngine(customerId)]);
  await putBackSetAsideData(spec, filesOn(engine, spec));
  await restartStack(engine, spec);
  return spec;
}
