import { AppError, isAppError } from '../errors';
import type { Settings } from '../settings/schema';
import { buildDesiredHost, diffHost, tenantDomain, type DesiredHost, type TenantHostInput } from './host-spec';
import { logProxy } from './log';
import { assertHostOnline, createHost, findHostByDomain, updateHost } from './proxy-hosts';
import { resolveCertificateId } from './resolve-certificate';
import type { NpmProxyHost } from './schemas';
import { NpmSession } from './session';

export type { TenantHostInput } from './host-spec';

export interface TenantHostResult {
  hostId: number;
  certificateId: number;
  domain: string;
  created: boolean;
  updated: boolean;
}

function isServerError(err: unknown): boolean {
  const status = isAppError(err, 'NPM_ERROR') ? (err.details as { status?: number } | undefined)?.status : undefined;
  return typeof status === 'number' && status >= 500;
}

/**
 * Runs a write; after a 5xx, reads the host back by domain instead of
 * retrying blindly, because NPM may have saved the row before failing.
 * Returns null when nothing was saved.
 */
async function writeOrReadBack(session: NpmSession, domain: string, write: () => Promise<NpmProxyHost>): Promise<NpmProxyHost | null> {
  try {
    return await write();
  } catch (err) {
    if (!isServerError(err)) throw err;
    logProxy('warn', 'npm write failed, reading the host back before retrying', { domain, error: (err as Error).message });
    return findHostByDomain(session, domain);
  }
}

async function converge(session: NpmSession, host: NpmProxyHost, changes: Partial<DesiredHost>, desired: DesiredHost): Promise<NpmProxyHost> {
  const domain = desired.domain_names[0];
  const after = await writeOrReadBack(session, domain, () => updateHost(session, host.id, changes));
  if (after && Object.keys(diffHost(after, desired)).length === 0) return after;
  return updateHost(session, host.id, changes);
}

/**
 * Creates or updates the tenant's proxy host `<subdomain>.<base_domain>` so
 * it matches settings. Idempotent: a run with nothing to change makes no write.
 */
export async function ensureTenantProxyHost(input: TenantHostInput, settings: Settings): Promise<TenantHostResult> {
  if (!settings.base_domain) throw new AppError('NPM_NOT_CONFIGURED', 'The base domain is not set. Set it in Settings before creating proxy hosts.');
  const session = NpmSession.fromSettings(settings);
  const domain = tenantDomain(input.subdomain, settings.base_domain);
  const existing = await findHostByDomain(session, domain);
  const certificateId = await resolveCertificateId(session, settings, domain, existing);
  const desired = buildDesiredHost(input, domain, certificateId);

  let host = existing;
  if (!host) {
    host = (await writeOrReadBack(session, domain, () => createHost(session, desired))) ?? (await createHost(session, desired));
    // A follow-up PUT when NPM came back different: TLS flags dropped on a host saved
    // before its certificate existed, or an orphan row read back after a 500.
    const rest = diffHost(host, desired);
    if (Object.keys(rest).length) host = await converge(session, host, rest, desired);
    assertHostOnline(host);
    return { hostId: host.id, certificateId: host.certificate_id, domain, created: true, updated: false };
  }

  const changes = diffHost(host, desired);
  // An offline host (nginx -t failed earlier, e.g. the upstream did not resolve yet) gets its config rewritten to re-run the check.
  if (host.meta.nginx_online === false) changes.advanced_config = desired.advanced_config;
  if (Object.keys(changes).length === 0) {
    assertHostOnline(host);
    return { hostId: host.id, certificateId: host.certificate_id, domain, created: false, updated: false };
  }
  host = await converge(session, host, changes, desired);
  return { hostId: host.id, certificateId: host.certificate_id, domain, created: false, updated: true };
}
