import 'server-only';
import { db } from '../db';
import { AppError } from '../errors';
import { env } from '../env';
import { effectiveDockerNetwork, getSettings } from '../settings/store';
import { hostListenAddresses, tenantListenAddresses } from './listen-address';
import { ensureSecrets } from './secrets';
import { buildStackSpec, type TenantStackSpec } from './stack-spec';
import { tenantDataRoot } from './tenant-data-dir';
import { imageSettingsOf, type ImageSet } from '../fleet/image-set';
import { tenantImages } from '../fleet/tenant-images';
import { isLayout, type Layout } from './layout';
import { hostById, hostIdOf } from '../hosts/tenant-host';

/**
 * The tenant's stack as it should run now: customer and deployment rows (ports, secrets)
 * plus the current settings (images, base domain, memory limit, proxy network, subnet pool,
 * listen addresses). The data directory is the one recorded for the deployment (tenant-data-dir).
 * Secrets are created on first use and reused afterwards. Images: the tenant's pin or the fleet
 * default (lib/fleet/tenant-images), or `images` when an upgrade or its rollback names them;
 * `deployment` when a move builds the stack for another host and its ports.
 */
export async function loadStackSpec(
  customerId: string,
  override: { layout?: Layout; images?: ImageSet; deployment?: { hostId: string; dashboardPort: number; relayPort: number; dataDir: string } } = {},
): Promise<TenantStackSpec> {
  const customer = await db().customer.findUnique({ where: { id: customerId }, include: { deployment: true } });
  if (!customer) throw new AppError('NOT_FOUND', 'Customer not found');
  if (!customer.deployment) throw new AppError('NOT_FOUND', `Customer ${customer.subdomain} has no deployment record yet: allocate its ports first`);
  const [secrets, settings] = await Promise.all([ensureSecrets(customerId), getSettings()]);
  const host = await hostById(override.deployment?.hostId ?? hostIdOf(customer));
  const dataRoot = override.deployment?.dataDir ?? (await tenantDataRoot(customerId, customer.deployment.dataDir, host));
  if (!isLayout(customer.layout)) throw new AppError('INTERNAL', `Customer ${customer.subdomain} has an unknown layout "${customer.layout}"`);
  return buildStackSpec({
    customer: { id: customer.id, subdomain: customer.subdomain },
    // A migration builds the other layout's spec before the customer row says so.
    layout: override.layout ?? customer.layout,
    // A move builds the target host's spec (its host, ports and tenant root) before the deployment row says so.
    deployment: override.deployment ?? customer.deployment,
    secrets,
    settings: { ...settings, ...imageSettingsOf(await tenantImages(customerId, settings, override.images)) },
    dataRoot,
    proxyNetwork: effectiveDockerNetwork(settings),
    // On another host Caddy's port listens where the appliance and NPM reach that host.
    listenAddresses: host.local ? tenantListenAddresses(settings, env().HOST_IP).addresses : hostListenAddresses(host.forwardAddress),
    host: { id: host.id, entryAddress: host.forwardAddress, stunAddress: host.stunAddress },
  });
}
