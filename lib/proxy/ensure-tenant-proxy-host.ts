import { AppError, isAppError } from '../errors';
import type { Settings } from '../settings/schema';
import { buildDesiredHost, diffHost, tenantDomain, type DesiredHost, type TenantHostInput } from './host-spec';
import { foreignHostError, isOwnHost, locateTenantHost } from './host-ownership';
import { logProxy } from './log';
import { assertHostOnline, createHost, findHostByDomain, findHostById, isHostOnline, updateHost } from './proxy-hosts';
import { resolveCertificateId } from './resolve-certificate';
import type { NpmProxyHost } from './schemas';
import { NpmSession } from './session';
import { errorMessage, numberField } from '../caught';

export type { TenantHostInput } from './host-spec';

export interface EnsureTenantHostInput extends TenantHostInput {
  /** The host id recorded on the deployment, if any. */
  hostId?: number | null;
  /** An admin's explicit choice to take over this existing, hand-made host. */
  adoptHostId?: number;
}

export interface TenantHostResult {
  hostId: number;
  certificateId: number;
  domain: string;
  created: boolean;
  updated: boolean;
}

function isServerError(err: unknown): boolean {
  const status = isAppError(err, 'NPM_ERROR') ? numberField(err.details, 'status') : undefined;
  return typeof status === 'number' && status >= 500;
}

/**
 * Runs a write; after a 5xx, reads the host back instead of retrying
 * blindly, because NPM may have saved the row before failing.
 * Returns null when nothing was saved.
 */
async function writeOrReadBack(domain: string, write: () => Promise<NpmProxyHost>, readBack: () => Promise<NpmProxyHost | null>): Promise<NpmProxyHost | null> {
  try {
    return await write();
  } catch (err) {
    if (!isServerError(err)) throw err;
    logProxy('warn', 'npm write failed, reading the host back before retrying', { domain, error: errorMessage(err) });
    return readBack();
  }
}

/** Writes the changes; a host NPM never configured (or marked offline) gets its config rewritten, which runs nginx again. */
async function converge(session: NpmSession, host: NpmProxyHost, desired: DesiredHost): Promise<NpmProxyHost> {
  const changes = diffHost(host, desired);
  if (!isHostOnline(host)) changes.advanced_config = desired.advanced_config;
  if (Object.keys(changes).length === 0) return host;
  const domain = desired.domain_names[0];
  const after = await writeOrReadBack(domain, () => updateHost(session, host.id, changes), () => findHostById(session, host.id));
  if (after && isHostOnline(after) && Object.keys(diffHost(after, desired)).length === 0) return after;
  return updateHost(session, host.id, { ...diffHost(after ?? host, desired), advanced_config: desired.advanced_config });
}

async function createOwnHost(session: NpmSession, domain: string, desired: DesiredHost, subdomain: string): Promise<NpmProxyHost> {
  const readBack = async () => {
    const found = await findHostByDomain(session, domain);
    // A row saved by our failed create carries our marker; anything else is not ours to take.
    if (found && !isOwnHost(found, { subdomain })) throw foreignHostError(found, domain);
    return found;
  };
  return (await writeOrReadBack(domain, () => createHost(session, desired), readBack)) ?? createHost(session, desired);
}

async function adoptableHost(session: NpmSession, adoptHostId: number, domain: string): Promise<NpmProxyHost> {
  const host = await findHostById(session, adoptHostId);
  if (!host || !host.domain_names.some((d) => d.toLowerCase() === domain)) {
    throw new AppError('NOT_FOUND', `NPM has no proxy host #${adoptHostId} serving ${domain}; nothing was adopted.`, { hostId: adoptHostId, domain });
  }
  return host;
}

/**
 * Creates or updates the tenant's proxy host `<subdomain>.<base_domain>` so
 * it matches settings. Idempotent: a run with nothing to change makes no
 * write. Only the appliance's own hosts are written: a host for the domain
 * that it did not create fails with NPM_HOST_FOREIGN unless an admin adopts it.
 */
export async function ensureTenantProxyHost(input: EnsureTenantHostInput, settings: Settings): Promise<TenantHostResult> {
  if (!settings.base_domain) throw new AppError('NPM_NOT_CONFIGURED', 'The base domain is not set. Set it in Settings before creating proxy hosts.');
  const session = NpmSession.fromSettings(settings);
  const domain = tenantDomain(input.subdomain, settings.base_domain);
  const located = input.adoptHostId
    ? { own: await adoptableHost(session, input.adoptHostId, domain), foreign: null }
    : await locateTenantHost(session, { subdomain: input.subdomain, recordedHostId: input.hostId }, domain);
  if (located.foreign) throw foreignHostError(located.foreign, domain);

  const existing = located.own;
  const certificateId = await resolveCertificateId(session, settings, domain, existing);
  const desired = buildDesiredHost(input, domain, certificateId);
  const host = existing ?? (await createOwnHost(session, domain, desired, input.subdomain));
  const final = await converge(session, host, desired);
  assertHostOnline(final);
  // A follow-up write on a host just created (TLS flags dropped, a half-saved row repaired) is still "created".
  return { hostId: final.id, certificateId: final.certificate_id, domain, created: !existing, updated: Boolean(existing) && final !== host };
}
