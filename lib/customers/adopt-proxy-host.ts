import 'server-only';
import { hostById } from '../hosts/tenant-host';
import type { Actor } from '../auth/actor';
import { recordAudit } from '../audit/record';
import { db } from '../db';
import { AppError } from '../errors';
import { readNpmConfig } from '../proxy/config';
import { ensureTenantProxyHost } from '../proxy/ensure-tenant-proxy-host';
import { resolveForwardTarget } from '../proxy/forward-target';
import { getSettings } from '../settings/store';
import type { AdoptProxyHostInput } from './schemas';


export interface AdoptedProxyHost {
  host_id: number;
  certificate_id: number | null;
  domain: string;
}

/**
 * An admin's explicit take-over of a proxy host made by hand in NPM (for
 * operators moving an existing setup onto the appliance): the host is
 * rewritten to the tenant's settings, marked as the appliance's and recorded
 * on the deployment, so later deploys update it and a delete removes it.
 */
export async function adoptProxyHost(actor: Actor, customerId: string, input: AdoptProxyHostInput): Promise<AdoptedProxyHost> {
  const customer = await db().customer.findUnique({ where: { id: customerId }, include: { deployment: true } });
  if (!customer) throw new AppError('NOT_FOUND', 'Customer not found.');
  if (!customer.deployment) throw new AppError('CONFLICT', 'The customer has no deployment yet: deploy it first, then adopt the proxy host its deploy reported.');
  const settings = await getSettings();
  readNpmConfig(settings);
  const host = await hostById(customer.deployment.hostId);
  const target = resolveForwardTarget(settings, { subdomain: customer.subdomain, dashboardPort: customer.deployment.dashboardPort, remoteAddress: host.local ? undefined : host.forwardAddress });
  const audit = { action: 'customer.proxy_host_adopt', target: `customer:${customer.subdomain}` };
  let result;
  try {
    result = await ensureTenantProxyHost({ subdomain: customer.subdomain, forwardHost: target.host, forwardPort: target.port, adoptHostId: input.host_id }, settings);
  } catch (err) {
    await recordAudit(actor, { ...audit, success: false, details: { host_id: input.host_id, error: err instanceof AppError ? err.code : 'INTERNAL' } });
    throw err;
  }
  await db().$transaction(async (tx) => {
    await tx.deployment.update({ where: { customerId }, data: { npmProxyHostId: result.hostId, npmCertificateId: result.certificateId || null } });
    await recordAudit(actor, { ...audit, details: { host_id: result.hostId, domain: result.domain } }, tx);
  });
  return { host_id: result.hostId, certificate_id: result.certificateId || null, domain: result.domain };
}
