import { AppError } from '../errors';
import { NpmVendorError } from './http';
import { redactFields, redactSecrets } from './redact';

/** `/nginx/proxy-hosts` is a collection, `/nginx/proxy-hosts/7` an item. */
export function isCollectionPath(path: string): boolean {
  return !/\/\d+$/.test(path.split('?')[0]);
}

export function isTokenExpired(err: unknown): boolean {
  return err instanceof NpmVendorError && (err.status === 401 || (err.status === 400 && /token has expired/i.test(err.npmMessage)));
}

export function isItemNotFound(err: unknown): boolean {
  return err instanceof NpmVendorError && err.status === 404 && !isCollectionPath(err.path);
}

/** What an API caller may see: NPM's status and short message, never its `debug` (raw stderr, stack traces). */
function vendorDetails(err: NpmVendorError): Record<string, unknown> {
  return redactFields({ status: err.status, npmMessage: err.npmMessage, method: err.method, path: err.path });
}

/**
 * Turns NPM's answer into the appliance's error codes. NPM v2.15.1 reports a
 * missing permission as 404 on the collection, so that is NPM_FORBIDDEN.
 */
export function toNpmAppError(err: unknown): unknown {
  if (!(err instanceof NpmVendorError)) return err;
  if (err.status === 404 && isCollectionPath(err.path)) {
    return new AppError(
      'NPM_FORBIDDEN',
      redactSecrets(`NPM refused ${err.method} ${err.path} (404 "${err.npmMessage}"). Check the NPM user's permissions for proxy hosts and certificates: the automation user needs "Manage" on both.`),
      vendorDetails(err),
    );
  }
  // The client finds its own proxy hosts first, so "in use" means a redirection/404 host or a foreign proxy host.
  const hint = /already in use/i.test(err.npmMessage)
    ? ' Another NPM host (redirection, 404 or a proxy host with other names) already serves this name: remove it in NPM or choose another subdomain.'
    : err.status >= 500 && err.method !== 'GET' && err.path.startsWith('/nginx/proxy-hosts')
      ? ' NPM tests the nginx config of every host before each write, so one broken host (for example a literal upstream whose container is gone) fails writes to all of them. See the NPM container log for the cause.'
      : err.status >= 500
        ? ' See the NPM container log for the cause.'
        : '';
  return new AppError('NPM_ERROR', redactSecrets(`NPM answered ${err.status} to ${err.method} ${err.path}: ${err.npmMessage}.${hint}`), vendorDetails(err));
}
