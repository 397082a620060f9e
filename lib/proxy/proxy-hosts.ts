import { z } from 'zod';
import { AppError } from '../errors';
import { parseNpm } from './http';
import { logProxy } from './log';
import { isItemNotFound, toNpmAppError } from './map-error';
import { redactSecrets } from './redact';
import { deletedSchema, proxyHostSchema, type NpmProxyHost } from './schemas';
import type { NpmSession } from './session';

const HOSTS = '/nginx/proxy-hosts';

/** All hosts whose domain list contains `query` (NPM matches substrings; callers filter exactly). */
export function searchHosts(session: NpmSession, query: string): Promise<NpmProxyHost[]> {
  const q = encodeURIComponent(query);
  return session.request({ method: 'GET', path: `${HOSTS}?query=${q}&expand=certificate` }, z.array(proxyHostSchema), 'the proxy host list');
}

/** The host serving exactly `domain` (`acme` must not find `acme2`), or null. */
export async function findHostByDomain(session: NpmSession, domain: string): Promise<NpmProxyHost | null> {
  const name = domain.toLowerCase();
  const hosts = await searchHosts(session, name);
  return hosts.find((h) => h.domain_names.some((d) => d.toLowerCase() === name)) ?? null;
}

/**
 * Served only when NPM says so. A missing `nginx_online` is not online: it is
 * what a row saved by a create that then failed (500) looks like, with no
 * nginx config file behind it.
 */
export function isHostOnline(host: NpmProxyHost): boolean {
  return host.meta.nginx_online === true;
}

/** NPM answers 200/201 even when `nginx -t` fails; the host is then not served. */
export function assertHostOnline(host: NpmProxyHost): NpmProxyHost {
  if (!isHostOnline(host)) {
    const why = host.meta.nginx_online === false ? `nginx rejected its configuration: ${host.meta.nginx_err ?? 'no message'}` : 'nginx was never configured for it (an earlier NPM write failed half-way)';
    throw new AppError(
      'NPM_HOST_OFFLINE',
      redactSecrets(`NPM saved the proxy host ${host.domain_names.join(', ')} (id ${host.id}) but it is not served: ${why}`),
      { hostId: host.id, nginxErr: host.meta.nginx_err ?? null },
    );
  }
  return host;
}

/**
 * NPM's 201 carries the row as saved *before* nginx was configured (`meta`
 * empty), so the host is read back to learn whether nginx took it.
 */
export async function createHost(session: NpmSession, body: object): Promise<NpmProxyHost> {
  const saved = await session.request({ method: 'POST', path: HOSTS, body }, proxyHostSchema, 'a proxy host create');
  logProxy('info', 'proxy host created', { hostId: saved.id, domain: saved.domain_names.join(',') });
  const host = await findHostById(session, saved.id);
  if (!host) throw new AppError('NPM_ERROR', `NPM created proxy host ${saved.id} but does not list it. See the NPM container log.`);
  return host;
}

/** `checkOnline: false` for writes on a host about to be deleted, which may be offline already. */
export async function updateHost(session: NpmSession, id: number, changes: object, checkOnline = true): Promise<NpmProxyHost> {
  const host = await session.request({ method: 'PUT', path: `${HOSTS}/${id}`, body: changes }, proxyHostSchema, 'a proxy host update');
  logProxy('info', 'proxy host updated', { hostId: id, fields: Object.keys(changes) });
  return checkOnline ? assertHostOnline(host) : host;
}

/** A host by id, or null when NPM has no such host. */
export async function findHostById(session: NpmSession, id: number): Promise<NpmProxyHost | null> {
  try {
    return parseNpm(proxyHostSchema, await session.requestRaw({ method: 'GET', path: `${HOSTS}/${id}?expand=certificate` }), 'a proxy host');
  } catch (err) {
    if (isItemNotFound(err)) return null;
    throw toNpmAppError(err);
  }
}

/**
 * Deletes a host; one already gone counts as deleted. v2.15.1 also answers
 * 404 when the user may only view hosts, so a 404 is checked against the list.
 */
export async function deleteHost(session: NpmSession, host: NpmProxyHost): Promise<void> {
  try {
    parseNpm(deletedSchema, await session.requestRaw({ method: 'DELETE', path: `${HOSTS}/${host.id}` }), 'a proxy host delete');
    logProxy('info', 'proxy host deleted', { hostId: host.id });
  } catch (err) {
    if (!isItemNotFound(err)) throw toNpmAppError(err);
    const still = (await searchHosts(session, host.domain_names[0] ?? '')).some((h) => h.id === host.id);
    if (still) {
      throw new AppError('NPM_FORBIDDEN', `NPM refused to delete proxy host ${host.id}. Check the NPM user's permissions for proxy hosts and certificates: the automation user needs "Manage" on both.`);
    }
  }
}

/** Hosts (other than `exceptHostId`) that use a certificate; NPM's delete does not check this itself. */
export async function hostsUsingCertificate(session: NpmSession, certificateId: number, exceptHostId?: number): Promise<NpmProxyHost[]> {
  const all = await searchHosts(session, '');
  return all.filter((h) => h.certificate_id === certificateId && h.id !== exceptHostId);
}
