import type { z } from 'zod';
import { AppError } from '../errors';
import { NpmVendorError } from './http';
import { logProxy } from './log';
import { userMeSchema } from './schemas';
import type { NpmSession } from './session';

export type NpmResource = 'proxy_hosts' | 'certificates';
export type NpmUserMe = z.output<typeof userMeSchema>;

const LABEL: Record<NpmResource, string> = { proxy_hosts: 'proxy hosts', certificates: 'certificates' };

/**
 * NPM reports the user's own permissions on /users/me; when that call fails
 * we do not guess, and the caller keeps the error it has.
 */
export async function readPermissions(session: NpmSession): Promise<NpmUserMe | null> {
  try {
    return await session.request({ method: 'GET', path: '/users/me?expand=permissions' }, userMeSchema, 'the NPM user');
  } catch (err) {
    logProxy('debug', 'could not read the NPM user permissions', { error: err instanceof Error ? err.message : String(err) });
    return null;
  }
}

export function permissionLevel(me: NpmUserMe | null, resource: NpmResource): string | undefined {
  return me?.roles.includes('admin') ? 'manage' : me?.permissions?.[resource];
}

export function viewOnlyError(resource: NpmResource, level: string, refused?: string): AppError {
  const what = refused ? `NPM refused ${refused} (500): the` : 'The';
  return new AppError(
    'NPM_FORBIDDEN',
    `${what} NPM user may only "${level}" ${LABEL[resource]}. Give the automation user "Manage" permission for proxy hosts and certificates.`,
  );
}

function resourceOf(path: string): NpmResource | null {
  if (path.startsWith('/nginx/proxy-hosts')) return 'proxy_hosts';
  if (path.startsWith('/nginx/certificates')) return 'certificates';
  return null;
}

/**
 * NPM v2.15.1 answers a write by a user who may only view with 500 "Internal
 * Error", not 404. After a 500 on a write, ask NPM who we are: a view-only
 * permission becomes NPM_FORBIDDEN instead of a retry and a generic error.
 */
export async function explainWriteFailure(session: NpmSession, err: unknown): Promise<unknown> {
  if (!(err instanceof NpmVendorError) || err.status !== 500 || err.method === 'GET') return err;
  const resource = resourceOf(err.path);
  if (!resource) return err;
  const level = permissionLevel(await readPermissions(session), resource);
  return level && level !== 'manage' ? viewOnlyError(resource, level, `${err.method} ${err.path}`) : err;
}
