import 'server-only';
import { db } from '../db';
import type { TenantStackSpec } from '../netbird/stack-spec';
import { isNpmConfigured } from '../proxy/config';
import { ensureTenantProxyHost } from '../proxy/ensure-tenant-proxy-host';
import { resolveForwardTarget } from '../proxy/forward-target';
import { removeTenantProxyHost } from '../proxy/remove-tenant-proxy-host';
import type { Settings } from '../settings/schema';

/** Creates or updates the tenant's NPM proxy host; skipped with a warning when NPM is not configured. */
export async function ensureProxyForTenant(spec: TenantStackSpec, settings: Settings): Promise<string | { skipped: string }> {
  if (!isNpmConfigured(settings)) {
    return { skipped: `Nginx Proxy Manager is not configured: ${spec.domain} is not published. The stack runs on port ${spec.dashboardPort}; add NPM in Settings and redeploy.` };
  }
  const remoteAddress = spec.hostId !== 'local' ? spec.entryAddress : undefined;
  const target = resolveForwardTarget(settings, { subdomain: spec.subdomain, dashboardPort: spec.dashboardPort, remoteAddress });
  const recorded = await db().deployment.findUnique({ where: { customerId: spec.customerId }, select: { npmProxyHostId: true } });
  const result = await ensureTenantProxyHost({ subdomain: spec.subdomain, forwardHost: target.host, forwardPort: target.port, hostId: recorded?.npmProxyHostId }, settings);
  await db().deployment.update({
    where: { customerId: spec.customerId },
    data: { npmProxyHostId: result.hostId, npmCertificateId: result.certificateId || null },
  });
  const what = result.created ? 'created' : result.updated ? 'updated' : 'unchanged';
  return `Proxy host ${result.domain} ${what} (id ${result.hostId}${result.certificateId ? `, certificate ${result.certificateId}` : ', no TLS'})`;
}

export async function removeProxyForTenant(customerId: string, subdomain: string, settings: Settings): Promise<string | { skipped: string }> {
  const d = await db().deployment.findUnique({ where: { customerId } });
  if (!isNpmConfigured(settings)) {
    return d?.npmProxyHostId
      ? { skipped: `Nginx Proxy Manager is not configured any more: remove proxy host ${d.npmProxyHostId} by hand` }
      : { skipped: 'No proxy host to remove' };
  }
  const result = await removeTenantProxyHost({ subdomain, hostId: d?.npmProxyHostId ?? undefined, certificateId: d?.npmCertificateId ?? undefined }, settings);
  const foreign = result.foreignHostId ? `; proxy host ${result.foreignHostId} for the same name was not created by the appliance and was left in NPM` : '';
  return `Proxy host ${result.hostDeleted ? 'deleted' : 'was already gone'}${result.certificateDeleted ? ', certificate deleted' : ''}${foreign}`;
}
