import 'server-only';
import { db } from '../db';
import { AppError } from '../errors';
import { effectiveDataDir, effectiveDockerNetwork, getSettings } from '../settings/store';
import { ensureSecrets } from './secrets';
import { buildStackSpec, type TenantStackSpec } from './stack-spec';

/**
 * The tenant's stack as it should run now: customer and deployment rows (ports, secrets)
 * plus the current settings (images, base domain, memory limit, data dir, proxy network,
 * subnet pool).
 * Secrets are created on first use and reused afterwards.
 */
export async function loadStackSpec(customerId: string): Promise<TenantStackSpec> {
  const customer = await db().customer.findUnique({ where: { id: customerId }, include: { deployment: true } });
  if (!customer) throw new AppError('NOT_FOUND', 'Customer not found');
  if (!customer.deployment) throw new AppError('NOT_FOUND', `Customer ${customer.subdomain} has no deployment record yet: allocate its ports first`);
  const [secrets, settings] = await Promise.all([ensureSecrets(customerId), getSettings()]);
  return buildStackSpec({
    customer: { id: customer.id, subdomain: customer.subdomain },
    deployment: customer.deployment,
    secrets,
    settings,
    dataRoot: effectiveDataDir(settings),
    proxyNetwork: effectiveDockerNetwork(settings),
  });
}
