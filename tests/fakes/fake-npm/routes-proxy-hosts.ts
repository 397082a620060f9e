import { validateBody, type BodySchema } from './body';
import { pathId, requirePermission, type RouteContext } from './context';
import { checkAllConfigs, checkNginxConfig } from './nginx-check';
import { issueCertificate } from './routes-certificates';
import { npmDate, type FakeNpmState } from './state';
import { HttpFailure, type ProxyHostRow } from './types';

const COLLECTION = '/api/nginx/proxy-hosts';
const FLAGS = ['ssl_forced', 'caching_enabled', 'block_exploits', 'allow_websocket_upgrade', 'http2_support', 'hsts_enabled', 'hsts_subdomains', 'trust_forwarded_proto', 'enabled'] as const;
const SCHEMA: BodySchema = {
  required: ['domain_names', 'forward_scheme', 'forward_host', 'forward_port'],
  props: {
    domain_names: 'stringArray', forward_scheme: 'string', forward_host: 'string', forward_port: 'integer',
    access_list_id: 'integer', certificate_id: 'certificateId', advanced_config: 'string', meta: 'object', locations: 'array',
    ...Object.fromEntries(FLAGS.map((f) => [f, 'boolean'])),
  },
};

function withCertificate(state: FakeNpmState, host: ProxyHostRow): ProxyHostRow & { certificate: unknown } {
  return { ...host, certificate: state.liveCertificates().find((c) => c.id === host.certificate_id) ?? null };
}

/** Exact, case-insensitive, across all live hosts but the one being edited. */
function assertDomainsFree(state: FakeNpmState, names: string[], exceptId?: number): void {
  for (const name of names) {
    const taken = state.liveHosts().some((h) => h.id !== exceptId && h.domain_names.some((d) => d.toLowerCase() === name.toLowerCase()));
    if (taken) throw new HttpFailure(400, `${name} is already in use`);
  }
}

/**
 * NPM turns TLS-only flags off when the host ends up without a certificate.
 * Its validator makes an explicit `0` the string "0", which counts as set, so
 * only a missing id (or "new", on create) forces them off.
 */
function applyCertificateRules(host: ProxyHostRow, certificateIdGiven: boolean): void {
  if (certificateIdGiven || host.certificate_id) return;
  host.ssl_forced = false;
  host.http2_support = false;
  host.hsts_enabled = false;
  host.hsts_subdomains = false;
}

/**
 * NPM's configure step after the row is saved: `nginx -t` over every file
 * first (one broken host fails every write with a 500, the row staying as
 * saved), then this host's file is written and tested; a failure there marks
 * only this host offline and renames its file away.
 */
function configureNginx(state: FakeNpmState, host: ProxyHostRow): void {
  host.modified_on = npmDate(Date.now());
  if (state.failHostWritesAfterSave > 0) {
    state.failHostWritesAfterSave--;
    throw new HttpFailure(500, 'Internal Error', { stack: ['Error: Command failed: /usr/sbin/nginx -t -g "error_log off;"'] });
  }
  const before = checkAllConfigs(state.configFiles, state.nginxWorld());
  if (before) throw new HttpFailure(500, 'Internal Error', { stack: [`Error: Command failed: /usr/sbin/nginx -t -g "error_log off;"`, before] });
  state.configFiles.delete(host.id);
  if (!host.enabled) return;
  const err = checkNginxConfig(host.id, host.advanced_config, state.nginxWorld());
  if (err === null) state.configFiles.set(host.id, host.advanced_config);
  host.meta = { ...host.meta, nginx_online: err === null, nginx_err: err };
}

/** The 201 body: the row as inserted, before nginx was configured (so `meta` has no nginx state yet). */
async function createHost(state: FakeNpmState, body: Record<string, unknown>): Promise<ProxyHostRow> {
  // Stored as sent: NPM keeps the case of domain names.
  const names = body.domain_names as string[];
  assertDomainsFree(state, names);
  const wantsNew = body.certificate_id === 'new';
  const host = state.insertHost({
    domain_names: names, forward_scheme: body.forward_scheme as 'http', forward_host: body.forward_host as string,
    forward_port: body.forward_port as number, access_list_id: (body.access_list_id as number) ?? 0,
    certificate_id: wantsNew ? 0 : ((body.certificate_id as number) ?? 0), advanced_config: (body.advanced_config as string) ?? '',
    meta: (body.meta as Record<string, unknown>) ?? {}, locations: (body.locations as unknown[]) ?? [],
    ssl_forced: false, caching_enabled: false, block_exploits: false, allow_websocket_upgrade: false, http2_support: false,
    hsts_enabled: false, hsts_subdomains: false, trust_forwarded_proto: false, enabled: true,
    ...Object.fromEntries(FLAGS.filter((f) => f in body).map((f) => [f, body[f]])),
  });
  // The upstream bug: the row is saved before the certificate exists, so the flags are lost.
  applyCertificateRules(host, 'certificate_id' in body && !wantsNew);
  const saved = structuredClone(host);
  if (wantsNew) {
    const cert = await issueCertificate(state, names, {});
    host.certificate_id = cert.id;
    saved.certificate_id = cert.id;
  }
  configureNginx(state, host);
  return saved;
}

async function updateHost(state: FakeNpmState, host: ProxyHostRow, body: Record<string, unknown>): Promise<ProxyHostRow> {
  if (body.domain_names) assertDomainsFree(state, body.domain_names as string[], host.id);
  if (body.certificate_id === 'new') body.certificate_id = (await issueCertificate(state, (body.domain_names as string[]) ?? host.domain_names, {})).id;
  Object.assign(host, body);
  applyCertificateRules(host, 'certificate_id' in body);
  configureNginx(state, host);
  return host;
}

/** Seeds a host the way NPM's own UI would save it (for tests of hosts the appliance did not make). */
export function addHandMadeHost(state: FakeNpmState, fields: { domain_names: string[]; forward_host?: string; forward_port?: number; advanced_config?: string; certificate_id?: number }): ProxyHostRow {
  const host = state.insertHost({
    domain_names: fields.domain_names, forward_scheme: 'http', forward_host: fields.forward_host ?? '10.1.2.3', forward_port: fields.forward_port ?? 8200,
    access_list_id: 0, certificate_id: fields.certificate_id ?? 0, advanced_config: fields.advanced_config ?? '', meta: {}, locations: [],
    ssl_forced: Boolean(fields.certificate_id), caching_enabled: false, block_exploits: true, allow_websocket_upgrade: false,
    http2_support: Boolean(fields.certificate_id), hsts_enabled: false, hsts_subdomains: false, trust_forwarded_proto: false, enabled: true,
  });
  configureNginx(state, host);
  return host;
}

export async function handleProxyHosts(ctx: RouteContext): Promise<{ status: number; payload: unknown } | null> {
  if (!ctx.path.startsWith(COLLECTION)) return null;
  const id = pathId(ctx, COLLECTION);
  if (id === undefined) return null;
  const { state } = ctx;
  const write = ctx.method !== 'GET';
  requirePermission(ctx, 'proxy_hosts', write ? 'manage' : 'view');

  if (id === null && ctx.method === 'GET') {
    const query = (ctx.query.get('query') ?? '').toLowerCase();
    const expand = (ctx.query.get('expand') ?? '').split(',').includes('certificate');
    const rows = state.liveHosts().filter((h) => h.domain_names.join(',').toLowerCase().includes(query));
    return { status: 200, payload: rows.map((h) => (expand ? withCertificate(state, h) : h)) };
  }
  if (id === null && ctx.method === 'POST') {
    return { status: 201, payload: withCertificate(state, await createHost(state, validateBody(ctx.body, SCHEMA))) };
  }
  const host = id === null ? undefined : state.liveHosts().find((h) => h.id === id);
  if (!host) throw new HttpFailure(404, `Not Found - ${id}`);
  if (ctx.method === 'GET') return { status: 200, payload: withCertificate(state, host) };
  if (ctx.method === 'PUT') {
    const body = validateBody(ctx.body, { ...SCHEMA, required: [], minProperties: 1 });
    return { status: 200, payload: withCertificate(state, await updateHost(state, host, body)) };
  }
  if (ctx.method === 'DELETE') {
    host.is_deleted = true;
    state.configFiles.delete(host.id);
    return { status: 200, payload: true };
  }
  return null;
}
