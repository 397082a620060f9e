import { AppError } from '../errors';
import { isLegacyAdvancedConfig, markedTenant } from './advanced-config';
import { logProxy } from './log';
import { findHostByDomain, findHostById } from './proxy-hosts';
import type { NpmProxyHost } from './schemas';
import type { NpmSession } from './session';

export interface HostClaim {
  subdomain: string;
  /** The host id recorded on the deployment when the appliance created (or adopted) the host. */
  recordedHostId?: number | null;
}

function servesTenant(host: NpmProxyHost, subdomain: string): boolean {
  return host.domain_names.some((d) => d.toLowerCase().startsWith(`${subdomain.toLowerCase()}.`));
}

/**
 * Whether the appliance may change or delete this host. Its marker line
 * decides when present (and must name this tenant); otherwise the id recorded
 * on the deployment (still serving this tenant's name, as NPM ids restart
 * after a reinstall), or the exact config releases before the marker wrote.
 */
export function isOwnHost(host: NpmProxyHost, claim: HostClaim): boolean {
  const marked = markedTenant(host.advanced_config);
  if (marked) return marked === claim.subdomain.toLowerCase();
  if (!servesTenant(host, claim.subdomain)) return false;
  if (claim.recordedHostId && host.id === claim.recordedHostId) return true;
  return isLegacyAdvancedConfig(host.advanced_config, host.forward_host, host.forward_port);
}

export function foreignHostError(host: NpmProxyHost, domain: string): AppError {
  return new AppError(
    'NPM_HOST_FOREIGN',
    `NPM already has proxy host #${host.id} for ${domain}, which the appliance did not create; it was left untouched. Delete it in NPM, choose another subdomain, or (admins) adopt it on the customer page so the appliance manages it from now on.`,
    { hostId: host.id, domain },
  );
}

export interface LocatedHost {
  /** The appliance's own host for this tenant, or null when there is none yet. */
  own: NpmProxyHost | null;
  /** A host serving the tenant's domain that the appliance must not touch. */
  foreign: NpmProxyHost | null;
}

/**
 * Finds the tenant's host: by the recorded id first (it survives a change of
 * base domain), then by exact domain. Never guesses ownership from the name.
 */
export async function locateTenantHost(session: NpmSession, claim: HostClaim, domain: string): Promise<LocatedHost> {
  if (claim.recordedHostId) {
    const recorded = await findHostById(session, claim.recordedHostId);
    if (recorded && isOwnHost(recorded, claim)) return { own: recorded, foreign: null };
    if (recorded) logProxy('info', 'recorded proxy host is not the tenant\'s any more; ignoring it', { hostId: recorded.id, subdomain: claim.subdomain });
  }
  const byName = await findHostByDomain(session, domain);
  if (!byName) return { own: null, foreign: null };
  return isOwnHost(byName, claim) ? { own: byName, foreign: null } : { own: null, foreign: byName };
}
