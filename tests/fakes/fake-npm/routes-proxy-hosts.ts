import { validateBody, type BodySchema } from './body';
import { pathId, requirePermission, type RouteContext } from './context';
import { checkNginxConfig } from './nginx-check';
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

/** NPM silently turns TLS-only flags off on a host without a certificate. */
function applyCertificateRules(host: ProxyHostRow): void {
  if (host.certificate_id) return;
  host.ssl_forced = false;
  host.http2_support = false;
  host.hsts_enabled = false;
  host.hsts_subdomains = false;
}

/** `nginx -t` after every write: the API still succeeds, the host is marked offline. */
function finishWrite(state: FakeNpmState, host: ProxyHostRow): void {
  host.modified_on = npmDate(Date.now());
  const err = checkNginxConfig(host.id, host.advanced_config, state.unresolvableUpstreams);
  host.meta = { ...host.meta, nginx_online: err === null, nginx_err: err };
  if (state.failHostWritesAfterSave > 0) {
    state.failHostWritesAfterSave--;
    throw new HttpFailure(500, 'Internal Error', { stack: ['Error: reload failed after save'] });
  }
}

async function createHost(state: FakeNpmState, body: Record<string, unknown>): Promise<ProxyHostRow> {
  const names = (body.domain_names as string[]).map((d) => d.toLowerCase());
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
  applyCertificateRules(host);
  if (wantsNew) {
    const cert = await issueCertificate(state, names, {});
    host.certificate_id = cert.id;
  }
  finishWrite(state, host);
  return host;
}

async function updateHost(state: FakeNpmState, host: ProxyHostRow, body: Record<string, unknown>): Promise<ProxyHostRow> {
  if (body.domain_names) {
    body.domain_names = (body.domain_names as string[]).map((d) => d.toLowerCase());
    assertDomainsFree(state, body.domain_names as string[], host.id);
  }
  if (body.certificate_id === 'new') body.certificate_id = (await issueCertificate(state, (body.domain_names as string[]) ?? host.domain_names, {})).id;
  Object.assign(host, body);
  applyCertificateRules(host);
  finishWrite(state, host);
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
    return { status: 200, payload: true };
  }
  return null;
}
