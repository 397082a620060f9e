import { setTimeout as sleep } from 'node:timers/promises';
import { validateBody } from './body';
import { pathId, requirePermission, type RouteContext } from './context';
import type { FakeNpmState } from './state';
import { HttpFailure, type CertificateRow } from './types';

const COLLECTION = '/api/nginx/certificates';
const META_KEYS = new Set(['dns_challenge', 'dns_provider', 'dns_provider_credentials', 'propagation_seconds', 'key_type']);

/**
 * Runs "certbot": synchronous like NPM, failing on demand with certbot's
 * output in `debug.stack` and leaving no row behind.
 */
export async function issueCertificate(state: FakeNpmState, domainNames: string[], meta: Record<string, unknown>): Promise<CertificateRow> {
  state.onCertificateIssue?.();
  if (state.certificateDelayMs > 0) await sleep(state.certificateDelayMs);
  const wildcardWithoutDns = domainNames.some((d) => d.startsWith('*.')) && meta.dns_challenge !== true;
  if (state.failCertificates > 0 || wildcardWithoutDns) {
    if (state.failCertificates > 0) state.failCertificates--;
    // certbot's stderr, line by line, as NPM passes it on: the cause sits in the middle.
    throw new HttpFailure(500, 'Internal Error', {
      stack: [
        'Error: Saving debug log to /tmp/letsencrypt-log/letsencrypt.log',
        'An unexpected error occurred:',
        state.failCertificateOutput,
        'Ask for help or search for solutions at https://community.letsencrypt.org. See the logfile /tmp/letsencrypt-log/letsencrypt.log or re-run Certbot with -v for more details.',
        '',
      ],
    });
  }
  return state.insertCertificate({ domain_names: domainNames.map((d) => d.toLowerCase()), meta });
}

export async function handleCertificates(ctx: RouteContext): Promise<{ status: number; payload: unknown } | null> {
  if (!ctx.path.startsWith(COLLECTION)) return null;
  const id = pathId(ctx, COLLECTION);
  if (id === undefined) return null;
  const { state } = ctx;

  if (id === null && ctx.method === 'GET') {
    requirePermission(ctx, 'certificates', 'view');
    const query = (ctx.query.get('query') ?? '').toLowerCase();
    return { status: 200, payload: state.liveCertificates().filter((c) => c.nice_name.toLowerCase().includes(query)) };
  }
  if (id === null && ctx.method === 'POST') {
    requirePermission(ctx, 'certificates', 'manage');
    const body = validateBody(ctx.body, {
      required: ['provider'],
      props: { provider: 'string', nice_name: 'string', domain_names: 'stringArray', meta: 'object' },
    });
    const meta = (body.meta ?? {}) as Record<string, unknown>;
    // Since 2.13 the Let's Encrypt account email is the user's; the old meta keys are refused.
    if (Object.keys(meta).some((k) => !META_KEYS.has(k))) throw new HttpFailure(400, 'data/meta must NOT have additional properties');
    // An uploaded certificate starts as a named row; its files (and names) come with POST /{id}/upload.
    if (body.provider === 'other') {
      if (!body.nice_name) throw new HttpFailure(400, "data must have required property 'nice_name'");
      return { status: 201, payload: state.insertCertificate({ domain_names: [], provider: 'other', nice_name: body.nice_name as string }) };
    }
    if (body.provider !== 'letsencrypt') throw new HttpFailure(400, 'data/provider must be equal to one of the allowed values');
    const names = (body.domain_names ?? []) as string[];
    if (names.length === 0) throw new HttpFailure(400, "data must have required property 'domain_names'");
    return { status: 201, payload: await issueCertificate(state, names, meta) };
  }
  const row = id === null ? undefined : state.liveCertificates().find((c) => c.id === id);
  if (ctx.method === 'GET') {
    requirePermission(ctx, 'certificates', 'view');
    if (!row) throw new HttpFailure(404, `Not Found - ${id}`);
    return { status: 200, payload: row };
  }
  if (ctx.method === 'DELETE') {
    requirePermission(ctx, 'certificates', 'manage');
    if (!row) throw new HttpFailure(404, `Not Found - ${id}`);
    // Like NPM: no check whether a host still uses it.
    row.is_deleted = true;
    return { status: 200, payload: true };
  }
  return null;
}
