import 'server-only';
import { db } from '../db';
import { AppError } from '../errors';
import { LOCAL_HOST_ID } from '../hosts/schemas';
import { urlHost } from '../http/url-host';
import { isNpmConfigured } from '../proxy/config';
import { ensureTenantProxyHost } from '../proxy/ensure-tenant-proxy-host';
import { caddyContainerName, resolveForwardTarget, type ForwardTarget } from '../proxy/forward-target';
import { tenantBaseUrl } from '../health/stack-health';
import type { Settings } from '../settings/schema';
import type { TenantStackSpec } from '../netbird/stack-spec';

/**
 * Where NPM reaches the tenant's Caddy on a given host. The local host follows the forward
 * settings (host port, or the container by name when NPM shares the engine); another host is
 * reached at its forward address (else its public address) and the tenant's published port:
 * NPM cannot resolve a container name on another engine.
 */
export async function forwardTargetOn(hostId: string, spec: Pick<TenantStackSpec, 'subdomain' | 'dashboardPort'>, settings: Settings): Promise<ForwardTarget> {
  if (hostId === LOCAL_HOST_ID) return resolveForwardTarget(settings, spec);
  const host = await db().host.findUnique({ where: { id: hostId } });
  const address = host?.forwardAddress ?? host?.publicAddress;
  if (!address) throw new AppError('HOST_NOT_READY', `Host ${host?.name ?? hostId} has no forward or public address for NPM to reach its tenants.`);
  return { host: address, port: spec.dashboardPort };
}

/** Where the appliance probes the tenant the way NPM reaches it; a container name is not resolvable here, so then its own address. */
export function probeUrl(target: ForwardTarget, spec: TenantStackSpec): string {
  return target.host === caddyContainerName(spec.subdomain) ? tenantBaseUrl(spec) : `http://${urlHost(target.host)}:${target.port}`;
}

/** Points the tenant's NPM proxy host at the tenant's Caddy on `hostId`; skipped when NPM is not configured. */
export async function pointProxyAt(hostId: string, spec: TenantStackSpec, settings: Settings): Promise<string | { skipped: string }> {
  if (!isNpmConfigured(settings)) return { skipped: 'Nginx Proxy Manager is not configured: nothing to switch' };
  const target = await forwardTargetOn(hostId, spec, settings);
  const recorded = await db().deployment.findUnique({ where: { customerId: spec.customerId }, select: { npmProxyHostId: true } });
  const result = await ensureTenantProxyHost({ subdomain: spec.subdomain, forwardHost: target.host, forwardPort: target.port, hostId: recorded?.npmProxyHostId }, settings);
  await db().deployment.update({ where: { customerId: spec.customerId }, data: { npmProxyHostId: result.hostId, npmCertificateId: result.certificateId || null } });
  return `Proxy host ${result.domain} (id ${result.hostId}) forwards to ${target.host}:${target.port}`;
}
