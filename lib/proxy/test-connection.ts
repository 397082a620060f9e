import { z } from 'zod';
import { isAppError, type ErrorCode } from '../errors';
import type { Settings } from '../settings/schema';
import { readNpmConfig } from './config';
import { parseNpm, sendNpmRequest } from './http';
import { toNpmAppError } from './map-error';
import { redactSecrets } from './redact';
import { permissionLevel, readPermissions, viewOnlyError, type NpmResource, type NpmUserMe } from './permissions';
import { apiStatusSchema, certificateSchema, proxyHostSchema } from './schemas';
import { NpmSession } from './session';

export type NpmCheckName = 'reachable' | 'authenticated' | 'proxy_hosts' | 'certificates';

export interface NpmCheck {
  name: NpmCheckName;
  ok: boolean;
  /** What was found, or what the operator should do. */
  message: string;
  code?: ErrorCode;
}

export interface NpmConnectionResult {
  ok: boolean;
  version: string | null;
  checks: NpmCheck[];
}

function failed(name: NpmCheckName, err: unknown): NpmCheck {
  const mapped = toNpmAppError(err);
  if (isAppError(mapped)) return { name, ok: false, message: mapped.message, code: mapped.code };
  return { name, ok: false, message: redactSecrets(mapped instanceof Error ? mapped.message : String(mapped)), code: 'NPM_ERROR' };
}

function skipped(name: NpmCheckName, after: NpmCheckName): NpmCheck {
  return { name, ok: false, message: `Not checked: "${after}" failed first.` };
}

/** "Manage" is needed, but listing only proves "view": the user's own permissions say which. */
async function checkCollection(session: NpmSession, name: NpmResource, me: NpmUserMe | null): Promise<NpmCheck> {
  const path = name === 'proxy_hosts' ? '/nginx/proxy-hosts' : '/nginx/certificates';
  const schema = name === 'proxy_hosts' ? z.array(proxyHostSchema) : z.array(certificateSchema);
  const label = name === 'proxy_hosts' ? 'proxy hosts' : 'certificates';
  try {
    const rows = await session.request({ method: 'GET', path }, schema, `the ${label} list`);
    const level = permissionLevel(me, name);
    if (level && level !== 'manage') return { name, ok: false, code: 'NPM_FORBIDDEN', message: viewOnlyError(name, level).message };
    return { name, ok: true, message: `${rows.length} ${label} visible${level ? ', permission "manage"' : ''}.` };
  } catch (err) {
    return failed(name, err);
  }
}

/** Checks, in order, what the appliance needs from NPM; one structured result per check for the Settings page. */
export async function testConnection(settings: Settings): Promise<NpmConnectionResult> {
  const config = readNpmConfig(settings);
  const checks: NpmCheck[] = [];
  let version: string | null = null;
  try {
    // `/api/` with the slash: NPM redirects `/api` to port 81 whatever port it is published on.
    const status = parseNpm(apiStatusSchema, await sendNpmRequest(config.baseUrl, { method: 'GET', path: '/' }), 'GET /api/');
    version = status.version ?? null;
    checks.push({ name: 'reachable', ok: true, message: `NPM ${version ?? '(version unknown)'} answers at ${config.baseUrl}.` });
  } catch (err) {
    checks.push(failed('reachable', err), skipped('authenticated', 'reachable'), skipped('proxy_hosts', 'reachable'), skipped('certificates', 'reachable'));
    return { ok: false, version, checks };
  }
  const session = new NpmSession(config);
  try {
    // A fresh login, not a cached token: the operator is testing the credentials as typed.
    await session.login();
    checks.push({ name: 'authenticated', ok: true, message: `Logged in as ${config.email}.` });
  } catch (err) {
    checks.push(failed('authenticated', err), skipped('proxy_hosts', 'authenticated'), skipped('certificates', 'authenticated'));
    return { ok: false, version, checks };
  }
  const me = await readPermissions(session);
  checks.push(await checkCollection(session, 'proxy_hosts', me), await checkCollection(session, 'certificates', me));
  return { ok: checks.every((c) => c.ok), version, checks };
}
